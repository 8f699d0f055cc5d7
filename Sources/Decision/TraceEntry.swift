/// One rule weighed for a recommendation: whether it fired, the values it saw, its threshold and source.
public struct TraceEntry: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        case fired
        case notFired = "not-fired"
        /// An input the rule needs is missing.
        case blocked
    }

    public var ruleId: String
    public var outcome: Outcome
    public var inputs: [String: TraceValue]
    public var threshold: String
    public var source: String

    public init(ruleId: String, outcome: Outcome, inputs: [String: TraceValue], threshold: String, source: String) {
        self.ruleId = ruleId
        self.outcome = outcome
        self.inputs = inputs
        self.threshold = threshold
        self.source = source
    }
}
