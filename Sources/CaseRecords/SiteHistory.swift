/// One site's course over the case's scans.
public struct SiteHistory: Codable, Sendable, Equatable {
    /// "mesial", "distal", "buccal", "lingual" or "worst" (the deepest sector).
    public var site: String
    public var points: [SiteChange]
    public var albrektsson: AlbrektssonResult
}
