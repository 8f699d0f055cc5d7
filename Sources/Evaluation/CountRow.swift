/// One line of the accuracy table that counts: implants found, missed, invented; walls left out.
public struct CountRow: Codable, Sendable, Equatable {
    public var metric: String
    public var count: Int
    public var target: AccuracyTarget?
    public var pass: Bool?

    public init(metric: String, count: Int, target: AccuracyTarget? = nil) {
        self.metric = metric
        self.count = count
        self.target = target
        pass = target.map { t in t.maxCount.map { count <= $0 } ?? true }
    }
}
