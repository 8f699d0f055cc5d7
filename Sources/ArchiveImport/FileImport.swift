/// What importing one results file did. Scans are added, skipped (the store already holds that scan, by
/// SeriesInstanceUID and content hash, in any case) or refused (with the reason: not in the case map,
/// no implant, …); scans the batch itself could not analyse are counted as failed and not imported.
public struct FileImport: Sendable, Equatable {
    public var path: String
    public var added = 0
    public var skipped = 0
    public var failedInBatch = 0
    /// "scan: reason", in file order.
    public var refused: [String] = []

    public init(path: String) { self.path = path }

    /// "results/shard-0.jsonl: 3 added, 1 skipped (already stored), 0 refused, 1 failed in batch", then one
    /// line per refused scan.
    public var text: String {
        ([
            "\(path): \(added) added, \(skipped) skipped (already stored), \(refused.count) refused, \(failedInBatch) failed in batch"
        ] + refused.map { "  refused \($0)" }).joined(separator: "\n")
    }
}
