/// One line of the accuracy table for a categorical answer: how often it was right.
public struct ClassRow: Codable, Sendable, Equatable {
    public var metric: String
    public var count: Int
    public var right: Int
    public var percentRight: Double?
    public var target: AccuracyTarget?
    public var pass: Bool?

    public init(metric: String, outcomes: [ClassOutcome], target: AccuracyTarget?) {
        self.metric = metric
        self.target = target
        count = outcomes.count
        right = outcomes.filter(\.right).count
        let percent = count > 0 ? Double(right) / Double(count) * 100 : nil
        percentRight = percent
        pass = percent.flatMap { p in target.map { t in t.minPercentRight.map { p >= $0 } ?? true } }
    }
}
