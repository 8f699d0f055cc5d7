/// One site of one implant in two scans of the same jaw: how far its bone level moved in the truth and in the
/// measurements, and the error `case history` allows the change (`CaseHistory.combinedErrorMm`).
public struct RescanSite: Codable, Sendable, Equatable {
    /// "mesial", "distal", "buccal", "lingual" or "worst" (`CaseHistory.sites`).
    public var site: String
    /// Second scan's truth − first scan's (mm; positive is bone lost).
    public var truthChangeMm: Double
    /// Second scan's measured level, in the first scan's angles as `case history` aligns it, − the first scan's (mm).
    public var measuredChangeMm: Double
    /// The change `case history` takes as real only beyond this (mm).
    public var errorMm: Double

    public init(site: String, truthChangeMm: Double, measuredChangeMm: Double, errorMm: Double) {
        self.site = site
        self.truthChangeMm = truthChangeMm
        self.measuredChangeMm = measuredChangeMm
        self.errorMm = errorMm
    }

    /// Measured change − true change (mm).
    public var changeErrorMm: Double { measuredChangeMm - truthChangeMm }
    /// What `case history` reports as `exceedsError…`.
    public var exceedsError: Bool { abs(measuredChangeMm) > errorMm }
}
