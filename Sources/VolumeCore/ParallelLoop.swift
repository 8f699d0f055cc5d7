import Foundation

/// `DispatchQueue.concurrentPerform` with an optional cap on the number of threads, so that a caller
/// (a clinic's shared workstation, `batch` running several scans, a scaling benchmark) can say how many
/// cores one stage may use.
public enum ParallelLoop {
    /// Runs `body(i)` for every i in 0..<iterations on at most `threads` threads (nil: all cores).
    /// Iterations are taken in order from a shared counter, so uneven work balances out.
    public static func run(iterations: Int, threads: Int? = nil, _ body: @Sendable (Int) -> Void) {
        guard let threads, threads < SlabPartition.activeProcessorCount else {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
            return
        }
        run(iterations: iterations, threads: threads, state: {}) { _, i in body(i) }
    }

    /// `run` with a value per worker thread, made once by `makeState` and lent to each iteration the
    /// worker runs (a scratch buffer that stays warm in its cache instead of fresh memory per iteration).
    public static func run<State>(iterations: Int, threads: Int? = nil, state makeState: @Sendable () -> State,
                                  _ body: @Sendable (inout State, Int) -> Void) {
        let workers = max(1, min(threads ?? SlabPartition.activeProcessorCount, iterations))
        let counter = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var state = makeState()
            while let i = counter.next(below: iterations) { body(&state, i) }
        }
    }

    private final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}
