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
        /// The signal that stopped the batch early (SIGINT for a Ctrl-C); the scans it stopped are not
        /// recorded, so `--resume` analyses them.
        public var interruptedBy: Int32?
        /// Scans neither recorded before nor by this run: those an interruption left.
        public var left: Int
    }

    /// Analyses each scan of `scans` (paths relative to `root`) that the log does not hold yet.
    /// `report` is called, one call at a time, after each scan with the progress and its record.
    /// Once `interruption` has a signal, no scan starts and the running ones are stopped and left unrecorded.
    public static func run(root: String, scans: [String], worker: ScanWorker, jobs: Int, log: ResultsLog,
                           interruption: BatchInterruption = BatchInterruption(),
                           report: @escaping @Sendable (BatchProgress, BatchRecord) -> Void) throws(OutputError) -> Outcome {
        let pending = scans.filter { !log.recordedScans.contains($0) }
        let state = SharedState(total: pending.count, interruption: interruption)
        let start = DispatchTime.now()
        let group = DispatchGroup()
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        for _ in 0..<max(1, min(jobs, pending.count)) {
            group.enter()
            Thread.detachNewThread { [state] in
                defer { group.leave() }
                while let i = state.next() {
                    let key = pending[i]
                    let record = worker.run(scanPath: key == "." ? base : base + "/" + key, key: key,
                                            interruption: interruption)
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                    state.finish(record, elapsed: elapsed, log: log, report: report)
                }
            }
        }
        group.wait()
        if let error = state.writeError { throw error }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return Outcome(analysed: state.recorded, failures: state.failures, skipped: scans.count - pending.count,
                       seconds: seconds, interruptedBy: interruption.signal, left: pending.count - state.recorded)
    }

    /// The queue position, the progress and the failures, behind one lock.
    private final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private var progress: BatchProgress
        private(set) var failures: [BatchRecord] = []
        private(set) var writeError: OutputError?
        private(set) var recorded = 0
        private let interruption: BatchInterruption

        init(total: Int, interruption: BatchInterruption) {
            progress = BatchProgress(total: total)
            self.interruption = interruption
        }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard writeError == nil, interruption.signal == nil, nextIndex < progress.total else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }

        func finish(_ record: BatchRecord, elapsed: Double, log: ResultsLog,
                    report: (BatchProgress, BatchRecord) -> Void) {
            lock.lock()
            defer { lock.unlock() }
            // A scan that failed once the batch was interrupted was most likely stopped by it: not its result.
            if record.status == .failed && interruption.signal != nil { return }
            do throws(OutputError) {
                try log.append(record)
                recorded += 1
            } catch { writeError = error }
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
