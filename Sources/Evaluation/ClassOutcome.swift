/// A categorical answer compared with the truth's.
public struct ClassOutcome: Codable, Sendable, Equatable {
    public var truth: String
    public var measured: String
    public var right: Bool

    public init(truth: String, measured: String) {
        self.truth = truth
        self.measured = measured
        right = truth == measured
    }
}
