import Foundation

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
        if let signal = outcome.interruptedBy {
            lines.append("interrupted (\(signalName(signal))): \(outcome.left) scan\(outcome.left == 1 ? "" : "s") not analysed; "
                + "--resume continues with \(outcome.left == 1 ? "it" : "them")")
        }
        return lines.joined(separator: "\n")
    }

    /// SIGINT, SIGTERM, SIGHUP by name; another signal by number.
    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(signal)"
        }
    }
}
