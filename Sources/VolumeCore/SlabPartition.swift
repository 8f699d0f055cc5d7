import Foundation
import Dispatch

/// Splits a range of slices into contiguous slabs and runs a kernel on each in parallel.
///
/// Kernels are parallel across z-slabs: each slab is a contiguous part of the flat buffer, so
/// workers never share cache lines except at slab edges.
public enum SlabPartition {
    /// Number of slabs for a given slice count: a few per core so uneven slabs balance out.
    public static func slabCount(slices: Int, workers: Int = activeProcessorCount) -> Int {
        max(1, min(slices, workers * 4))
    }

    /// Runs `body(slabIndex, sliceRange)` for every slab, in parallel; returns the results in slab order.
    public static func map<R: Sendable>(
        slices: Int, _ body: @Sendable (Int, Range<Int>) -> R
    ) -> [R] {
        let slabs = slabCount(slices: slices)
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: slabs)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let out = UnsafeSendable(results)
        DispatchQueue.concurrentPerform(iterations: slabs) { s in
            let lo = slices * s / slabs, hi = slices * (s + 1) / slabs
            out.value[s] = body(s, lo..<hi)
        }
        return results.map { $0! }
    }

    public static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}
