import Dispatch
import Foundation
import VolumeCore

/// Renders the scene's true HU onto the voxel grid with partial-volume averaging: a voxel whose centre
/// and eight corners share one tissue takes the value at its centre; a voxel on a boundary averages
/// `supersampling`³ points inside it.
enum Rasterizer {
    static func render(_ scene: PhantomScene, geometry: VolumeGeometry, size: SIMD3<Int>, supersampling: Int) -> [Float] {
        let (nx, ny, nz) = (size.x, size.y, size.z)
        var out = [Float](repeating: 0, count: nx * ny * nz)
        let slabs = max(1, min(nz, ProcessInfo.processInfo.activeProcessorCount * 4))
        out.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: slabs) { slab in
                let lo = nz * slab / slabs, hi = nz * (slab + 1) / slabs
                guard lo < hi else { return }
                let cornersPerPlane = (nx + 1) * (ny + 1)
                var below = [UInt8](repeating: 0, count: cornersPerPlane)
                var above = [UInt8](repeating: 0, count: cornersPerPlane)
                cornerPlane(scene, geometry, nx, ny, zCorner: lo, into: &below)
                for z in lo..<hi {
                    cornerPlane(scene, geometry, nx, ny, zCorner: z + 1, into: &above)
                    renderLayer(scene, geometry, nx, ny, z: z, below: below, above: above,
                                supersampling: supersampling, out: shared.value + z * nx * ny)
                    swap(&below, &above)
                }
            }
        }
        return out
    }

    /// Tissue at the corners (index − ½) of one plane of corners.
    private static func cornerPlane(_ scene: PhantomScene, _ g: VolumeGeometry, _ nx: Int, _ ny: Int, zCorner: Int,
                                    into plane: inout [UInt8]) {
        for y in 0...ny {
            for x in 0...nx {
                let p = g.physicalPoint(ofIndex: SIMD3(Double(x) - 0.5, Double(y) - 0.5, Double(zCorner) - 0.5))
                plane[y * (nx + 1) + x] = scene.tissue(at: scene.frame.toAnatomy(p)).rawValue
            }
        }
    }

    private static func renderLayer(_ scene: PhantomScene, _ g: VolumeGeometry, _ nx: Int, _ ny: Int, z: Int,
                                    below: [UInt8], above: [UInt8], supersampling n: Int, out: UnsafeMutablePointer<Float>) {
        let stride = nx + 1
        for y in 0..<ny {
            for x in 0..<nx {
                let center = scene.frame.toAnatomy(g.physicalPoint(ofIndex: SIMD3(Double(x), Double(y), Double(z))))
                let tissue = scene.tissue(at: center)
                let t = tissue.rawValue
                let c = y * stride + x
                let uniform = below[c] == t && below[c + 1] == t && below[c + stride] == t && below[c + stride + 1] == t
                    && above[c] == t && above[c + 1] == t && above[c + stride] == t && above[c + stride + 1] == t
                if uniform || n == 1 {
                    out[y * nx + x] = Float(scene.ridge.hu(of: tissue, at: center))
                    continue
                }
                var sum = 0.0
                for k in 0..<n {
                    for j in 0..<n {
                        for i in 0..<n {
                            let offset = (SIMD3(Double(i), Double(j), Double(k)) + 0.5) / Double(n) - 0.5
                            let p = g.physicalPoint(ofIndex: SIMD3(Double(x), Double(y), Double(z)) + offset)
                            sum += scene.hu(at: scene.frame.toAnatomy(p))
                        }
                    }
                }
                out[y * nx + x] = Float(sum / Double(n * n * n))
            }
        }
    }
}
