/// One site's bone level at one scan, and how it changed (positive = bone lost: the level moved apically).
public struct SiteChange: Codable, Sendable, Equatable {
    public var scanID: Int64
    public var date: CaseDate
    public var yearsSinceFirst: Double
    public var boneLevelMm: Double
    /// Nil at the first scan (and, for the previous scan, too).
    public var changeSinceFirstMm: Double?
    public var changeSincePreviousMm: Double?
    /// Nil when no time has passed.
    public var rateSinceFirstMmPerYear: Double?
    public var rateSincePreviousMmPerYear: Double?
    /// The two scans' combined measurement error, and whether the change is larger than it.
    public var errorSinceFirstMm: Double?
    public var errorSincePreviousMm: Double?
    public var exceedsErrorSinceFirst: Bool?
    public var exceedsErrorSincePrevious: Bool?
}
