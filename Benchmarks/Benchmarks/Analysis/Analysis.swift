import Benchmark
import BenchmarkData
import Foundation
import ImplantAnalysis
import ScanIO
import VolumeCore

/// Segmentation and measurement of one implant (the volume loaded beforehand), and the whole
/// `analyze` of a two-implant scan (load + find + measure both), on 256³, 400³ and 640³ phantoms.
nonisolated(unsafe) var loaded = Volume<Int16>(size: SIMD3(1, 1, 1), geometry: VolumeGeometry(spacing: SIMD3(1, 1, 1)), repeating: 0)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    for n in BenchmarkData.sizes {
        let label = "\(n)³ (\(BenchmarkData.voxelBytes(n) >> 20) MB)"
        Benchmark("segment + measure one implant \(label)", closure: { benchmark in
            for _ in benchmark.scaledIterations {
                let m = ImplantAnalyzer.analyze(loaded)
                precondition(m.implants.count == 1, "the one-implant phantom must give one implant")
                blackHole(m)
            }
        }, setup: {
            loaded = try ScanLoader.load(path: BenchmarkData.scan("one-\(n)-explicit")).volume
        })

        Benchmark("analyze two implants end to end \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                let scan = try ScanLoader.load(path: BenchmarkData.scan("two-\(n)-explicit"))
                let m = ImplantAnalyzer.analyze(scan.volume)
                precondition(m.implants.count == 2, "the two-implant phantom must give two implants")
                blackHole(m)
            }
        }
    }
}
