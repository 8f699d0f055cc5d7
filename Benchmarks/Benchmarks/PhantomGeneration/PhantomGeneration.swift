import Benchmark
import Foundation
import Phantom

/// Phantom generation (render, artifacts, blur, noise, truth) of 256³ and 400³ volumes at 0.1 mm with
/// two implants, next to a memcpy of the same number of voxel bytes measured in the same run.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(300),
        maxIterations: 3
    )

    for n in [256, 400] {
        var spec = PhantomSpec()
        spec.volume = VolumeSpec(voxelMm: 0.1, fieldOfViewMm: [Double(n) / 10, Double(n) / 10, Double(n) / 10])
        spec.implants = [
            ImplantSpec(archAngleDeg: 25),
            ImplantSpec(archAngleDeg: 40, defect: DefectSpec(schwarzClass: "Ie", depthMm: 3, widthMm: 1)),
        ]
        spec.volume.centerMm = nil
        Benchmark("Phantom \(n)³ (\(n * n * n / 1_000_000) M voxels)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try PhantomGenerator.generate(spec, seed: 1))
            }
        }

        let bytes = n * n * n * 2
        let source = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 64)
        let target = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 64)
        source.initializeMemory(as: UInt8.self, repeating: 1)
        target.initializeMemory(as: UInt8.self, repeating: 0)
        Benchmark("memcpy of \(n)³ Int16 (baseline)") { benchmark in
            for _ in benchmark.scaledIterations {
                target.copyMemory(from: UnsafeRawBufferPointer(source))
                blackHole(target[bytes - 1])
            }
        }
    }
}
