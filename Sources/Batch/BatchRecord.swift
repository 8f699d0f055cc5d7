import Measurements

/// One line of a batch's results file: one scan, analysed or failed.
public struct BatchRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case ok
        case failed
    }

    /// The scan folder relative to the batch's root (the key `--resume` and `--shard` use).
    public var scan: String
    public var status: Status
    /// For a failure: the scan's one-line error, or how its process ended (signal, timeout).
    public var error: String?
    /// Wall-clock time of the scan's analysis, including its process start.
    public var seconds: Double
    public var measurements: ScanMeasurements?

    public init(scan: String, status: Status, error: String? = nil, seconds: Double,
                measurements: ScanMeasurements? = nil) {
        self.scan = scan
        self.status = status
        self.error = error
        self.seconds = seconds
        self.measurements = measurements
    }
}
