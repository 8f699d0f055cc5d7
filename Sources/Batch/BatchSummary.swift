/// The lines a batch prints when it ends.
public enum BatchSummary {
    public static func text(_ outcome: BatchRunner.Outcome, shard: Shard?, out: String) -> String {
        let ok = outcome.analysed - outcome.failures.count
        var lines = ["\(ok) scan\(ok == 1 ? "" : "s") analysed, \(outcome.failures.count) failed, "
            + "\(outcome.skipped) already in \(out)\(shard.map { " (shard \($0))" } ?? "") "
            + "in \(BatchProgress.rate(outcome.seconds)) s → \(out)"]
        for failure in outcome.failures.sorted(by: { $0.scan < $1.scan }) {
            lines.append("failed: \(failure.scan): \(failure.error ?? "unknown error")")
        }
        return lines.joined(separator: "\n")
    }
}
