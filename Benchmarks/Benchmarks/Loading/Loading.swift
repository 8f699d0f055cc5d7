import Benchmark
import BenchmarkData
import CBaseline
import Foundation
import ScanIO

/// Loading a series (headers, sort, decode into the volume, rescale to HU): uncompressed, JPEG-LS and
/// JPEG 2000 (lossless), 256³, 400³ and 640³, next to reading the same files' bytes (`cat` to
/// /dev/null, in C) and to the first touch of a new volume-sized buffer (a page-cache read never pays
/// for fresh memory; a load must), in the same run. The compressed series also load with one loader
/// thread (`decode-scaling` pins whole processes to one core instead, codec threads included).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    for n in BenchmarkData.sizes {
        let label = "\(n)³ (\(BenchmarkData.voxelBytes(n) >> 20) MB, \(n) slices)"
        Benchmark("read files (cat) explicit \(label)") { benchmark in
            let files = BenchmarkData.files("two-\(n)-explicit")
            let paths = files.map { strdup($0) }
            defer { paths.forEach { free($0) } }
            let pointers = paths.map { UnsafePointer($0) }
            for _ in benchmark.scaledIterations { blackHole(cb_read_files(pointers, pointers.count)) }
        }
        Benchmark("first touch of a new volume's memory \(label)") { benchmark in
            for _ in benchmark.scaledIterations { cb_first_touch(BenchmarkData.voxelBytes(n)) }
        }
        for syntax in ["explicit", "jpegls", "j2k"] {
            let scan = "two-\(n)-\(syntax)"
            Benchmark("load \(syntax) \(label)") { benchmark in
                for _ in benchmark.scaledIterations { blackHole(try ScanLoader.load(path: BenchmarkData.scan(scan))) }
            }
            if syntax != "explicit" {
                Benchmark("load \(syntax) 1 thread \(label)") { benchmark in
                    for _ in benchmark.scaledIterations {
                        blackHole(try ScanLoader.load(path: BenchmarkData.scan(scan), options: LoadOptions(threads: 1)))
                    }
                }
            }
        }
    }
}
