/// Progressive bone loss for the 2017 World Workshop diagnosis (Berglundh 2018; CLINICAL.md §4.1): the
/// worst sector's level at the latest scan against the first (baseline) scan, compared with the two
/// scans' combined measurement error.
public struct ProgressiveLoss: Codable, Sendable, Equatable {
    public var baselineScanID: Int64
    public var baselineDate: CaseDate
    public var baselineBoneLevelMm: Double
    public var latestScanID: Int64
    public var latestDate: CaseDate
    public var latestBoneLevelMm: Double
    public var changeMm: Double
    public var errorMm: Double
    public var progressive: Bool
}
