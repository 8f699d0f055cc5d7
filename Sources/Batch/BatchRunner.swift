import Foundation
import ScanIO

/// Runs a worker over many scans with at most `jobs` at a time, appending each result to the log as it
/// finishes and reporting progress; a failed scan is recorded and the others go on.
public enum BatchRunner {
    /// What a batch did.
    public struct Outcome: Sendable, Equatable {
        public var analysed: Int
        public var failures: [BatchRecord]
        /// Scans skipped because the results file already held them (`--resume`).
        public var skipped: Int
        public var seconds: Double
    }

    /// Analyses each scan of `scans` (paths relative to `root`) that the log does not hold yet.
    /// `report` is called, one call at a time, after each scan with the progress and its record.
    public static func run(root: String, scans: [String], worker: ScanWorker, jobs: Int, log: ResultsLog,
                           report: @escaping @Sendable (BatchProgress, BatchRecord) -> Void) throws(OutputError) -> Outcome {
        let pending = scans.filter { !log.recordedScans.contains($0) }
        let state = SharedState(total: pending.count)
        let start = DispatchTime.now()
        let group = DispatchGroup()
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        for _ in 0..<max(1, min(jobs, pending.count)) {
            group.enter()
            Thread.detachNewThread { [state] in
                defer { group.leave() }
                while let i = state.next() {
                    let key = pending[i]
                    let record = worker.run(scanPath: key == "." ? base : base + "/" + key, key: key)
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                    state.finish(record, elapsed: elapsed, log: log, report: report)
                }
            }
        }
        group.wait()
        if let error = state.writeError { throw error }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return Outcome(analysed: pending.count, failures: state.failures, skipped: scans.count - pending.count,
                       seconds: seconds)
    }

    /// The queue position, the progress and the failures, behind one lock.
    private final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private var progress: BatchProgress
        private(set) var failures: [BatchRecord] = []
        private(set) var writeError: OutputError?

        init(total: Int) { progress = BatchProgress(total: total) }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard writeError == nil, nextIndex < progress.total else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }

        func finish(_ record: BatchRecord, elapsed: Double, log: ResultsLog,
                    report: (BatchProgress, BatchRecord) -> Void) {
            lock.lock()
            defer { lock.unlock() }
            do throws(OutputError) { try log.append(record) } catch { writeError = error }
            progress.done += 1
            progress.elapsedSeconds = elapsed
            if record.status == .failed {
                progress.failed += 1
                failures.append(record)
            }
            report(progress, record)
        }
    }
}
