import Benchmark
import BenchmarkData
import CBaseline
import Foundation
import ScanIO
import VolumeCore

/// The whole-volume kernels (min/max, histogram, metal threshold count) on the 256³, 400³ and 640³
/// phantoms, next to a plain C loop over the same buffer and a `memcpy` of it, all in the same run.
/// Throughput is voxel bytes per second: divide the volume's bytes by the wall-clock time.
nonisolated(unsafe) var volume = Volume<Int16>(size: SIMD3(1, 1, 1), geometry: VolumeGeometry(spacing: SIMD3(1, 1, 1)), repeating: 0)
nonisolated(unsafe) var copyTarget = UnsafeMutableRawBufferPointer(start: nil, count: 0)

/// Metal threshold used for the count (gray value, above cortical bone).
let metalThreshold: Int16 = 2200

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 2,
        maxDuration: .seconds(10),
        maxIterations: 30
    )

    for n in BenchmarkData.sizes {
        let setup: Benchmark.BenchmarkSetupHook = {
            volume = try ScanLoader.load(path: BenchmarkData.scan("two-\(n)-explicit")).volume
            copyTarget = .allocate(byteCount: BenchmarkData.voxelBytes(n), alignment: 64)
            copyTarget.initializeMemory(as: UInt8.self, repeating: 0)
        }
        let label = "\(n)³ (\(BenchmarkData.voxelBytes(n) >> 20) MB)"

        Benchmark("memcpy \(label)", closure: { benchmark in
            volume.withUnsafeBufferPointer { source in
                for _ in benchmark.scaledIterations {
                    copyTarget.copyMemory(from: UnsafeRawBufferPointer(source))
                    blackHole(copyTarget[copyTarget.count - 1])
                }
            }
        }, setup: setup)

        Benchmark("minMax Swift \(label)", closure: { benchmark in
            for _ in benchmark.scaledIterations { blackHole(volume.minMax()) }
        }, setup: setup)
        Benchmark("minMax C loop \(label)", closure: { benchmark in
            volume.withUnsafeBufferPointer { v in
                for _ in benchmark.scaledIterations {
                    var lo: Int16 = 0, hi: Int16 = 0
                    cb_min_max(v.baseAddress, v.count, &lo, &hi)
                    blackHole((lo, hi))
                }
            }
        }, setup: setup)

        Benchmark("histogram Swift \(label)", closure: { benchmark in
            for _ in benchmark.scaledIterations { blackHole(volume.histogram()) }
        }, setup: setup)
        Benchmark("histogram C loop \(label)", closure: { benchmark in
            var bins = [Int64](repeating: 0, count: 65536)
            volume.withUnsafeBufferPointer { v in
                for _ in benchmark.scaledIterations {
                    cb_histogram(v.baseAddress, v.count, &bins)
                    blackHole(bins[32768])
                }
            }
        }, setup: setup)

        Benchmark("threshold count Swift \(label)", closure: { benchmark in
            for _ in benchmark.scaledIterations { blackHole(volume.count(atLeast: metalThreshold)) }
        }, setup: setup)
        Benchmark("threshold count C loop \(label)", closure: { benchmark in
            volume.withUnsafeBufferPointer { v in
                for _ in benchmark.scaledIterations { blackHole(cb_count_at_least(v.baseAddress, v.count, metalThreshold)) }
            }
        }, setup: setup)
    }
}
