/// How one scan's sector profile was aligned to the case's first scan.
public struct ScanAlignment: Codable, Sendable, Equatable {
    public var scanID: Int64
    public var date: CaseDate
    public var angleDeg: Double
    public var confidence: Double
    /// Whether this scan's mesial/distal/buccal/lingual values were recomputed from its rotated sectors.
    public var sitesCorrected: Bool
}
