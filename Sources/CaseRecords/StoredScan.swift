import Decision
import Measurements

/// One attached scan read back from the store.
public struct StoredScan: Codable, Sendable, Equatable {
    public var id: Int64
    public var date: CaseDate
    public var seriesUID: String
    public var contentHash: String
    public var source: String
    public var voxelMm: Double
    /// The case's implant among the scan's implants (1-based).
    public var trackedImplant: Int
    public var measurements: ScanMeasurements
    public var recommendation: Recommendation?
    /// The findings visit the recommendation used, and the baseline bone level it was given.
    public var findingsDate: CaseDate?
    public var baselineBoneLevelMm: Double?
    public var patient: PatientRecord?

    /// The case's implant.
    public var implant: ImplantMeasurement { measurements.implants[trackedImplant - 1] }
}
