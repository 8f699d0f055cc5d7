import Measurements

/// The analysis of one scan with what a report needs to show where it measured.
public struct ScanAnalysis: Sendable {
    public var measurements: ScanMeasurements
    /// One per implant, in the order of `measurements.implants`.
    public var implants: [AnalyzedImplant]
    public var levels: GrayLevels

    public init(measurements: ScanMeasurements, implants: [AnalyzedImplant], levels: GrayLevels) {
        self.measurements = measurements
        self.implants = implants
        self.levels = levels
    }
}
