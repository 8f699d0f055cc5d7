import VolumeCore
import Dispatch
import Foundation

/// Separable Gaussian blur of a float volume (x fastest), the scanner's point-spread function.
/// Edges repeat the border voxel.
enum GaussianBlur {
    static func apply(_ data: inout [Float], size: SIMD3<Int>, sigmaVoxels: Double) {
        guard sigmaVoxels > 0.05 else { return }
        let radius = max(1, Int((3 * sigmaVoxels).rounded(.up)))
        var kernel = (-radius...radius).map { i in exp(-Double(i * i) / (2 * sigmaVoxels * sigmaVoxels)) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        let weights = kernel.map(Float.init)
        let (nx, ny, nz) = (size.x, size.y, size.z)
        // Along x, y, z: lines of length n with a stride; line l starts at (l / perBlock)·block + (l % perBlock)·step.
        let passes: [(n: Int, stride: Int, lines: Int, perBlock: Int, block: Int, step: Int)] = [
            (nx, 1, ny * nz, 1, nx, 0),
            (ny, nx, nx * nz, nx, nx * ny, 1),
            (nz, nx * ny, nx * ny, nx * ny, 0, 1),
        ]
        data.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer.baseAddress!)
            for pass in passes where pass.n > 1 {
                let chunks = max(1, min(pass.lines, ProcessInfo.processInfo.activeProcessorCount * 8))
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    var line = [Float](repeating: 0, count: pass.n)
                    let lo = pass.lines * c / chunks, hi = pass.lines * (c + 1) / chunks
                    for l in lo..<hi {
                        let base = shared.value + (l / pass.perBlock) * pass.block + (l % pass.perBlock) * pass.step
                        for i in 0..<pass.n { line[i] = base[i * pass.stride] }
                        for i in 0..<pass.n {
                            var acc: Float = 0
                            for k in -radius...radius {
                                let j = min(max(i + k, 0), pass.n - 1)
                                acc += weights[k + radius] * line[j]
                            }
                            base[i * pass.stride] = acc
                        }
                    }
                }
            }
        }
    }
}
