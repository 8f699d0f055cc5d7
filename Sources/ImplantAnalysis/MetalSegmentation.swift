import Dispatch
import VolumeCore

/// Finds the groups of metal voxels: one parallel pass over the whole volume collects the voxels at or
/// above the threshold; 26-connected groups are then grown from that sparse list with a bit mask.
public enum MetalSegmentation {
    public static func components(of volume: Volume<Int16>, threshold: Double) -> [MetalComponent] {
        let t = Int16(clamping: Int(threshold.rounded(.up)))
        let slice = volume.sliceCount
        // Pass 1: metal voxel indices per slab, in order.
        let lists: [[Int]] = volume.withUnsafeBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            return SlabPartition.map(slices: volume.size.z) { _, slices in
                var found: [Int] = []
                let b = shared.value
                for i in (slices.lowerBound * slice)..<(slices.upperBound * slice) where b[i] >= t { found.append(i) }
                return found
            }
        }
        let metal = lists.flatMap { $0 }
        guard !metal.isEmpty else { return [] }

        var mask = BitMask(count: volume.count)
        for i in metal { mask.set(i) }
        let (nx, ny, nz) = (volume.size.x, volume.size.y, volume.size.z)
        var components: [MetalComponent] = []
        var stack: [Int] = []
        var members: [Int] = []
        for seed in metal where mask.contains(seed) {
            mask.clear(seed)
            stack.append(seed)
            members.removeAll(keepingCapacity: true)
            while let i = stack.popLast() {
                members.append(i)
                let x = i % nx, y = (i / nx) % ny, z = i / slice
                for dz in -1...1 where z + dz >= 0 && z + dz < nz {
                    for dy in -1...1 where y + dy >= 0 && y + dy < ny {
                        for dx in -1...1 where x + dx >= 0 && x + dx < nx {
                            let j = i + dz * slice + dy * nx + dx
                            if mask.contains(j) { mask.clear(j); stack.append(j) }
                        }
                    }
                }
            }
            components.append(summarise(members, volume: volume))
        }
        return components
    }

    static func summarise(_ members: [Int], volume: Volume<Int16>) -> MetalComponent {
        let (nx, ny, nz) = (volume.size.x, volume.size.y, volume.size.z)
        let slice = nx * ny, g = volume.geometry
        var sum = SIMD3<Double>.zero
        var touches = false
        var points: [SIMD3<Double>] = []
        points.reserveCapacity(members.count)
        for i in members {
            let x = i % nx, y = (i / nx) % ny, z = i / slice
            if x == 0 || y == 0 || z == 0 || x == nx - 1 || y == ny - 1 || z == nz - 1 { touches = true }
            let p = g.physicalPoint(ofIndex: SIMD3(Double(x), Double(y), Double(z)))
            points.append(p)
            sum += p
        }
        let c = sum / Double(members.count)
        var cov = [[Double]](repeating: [0, 0, 0], count: 3)
        for p in points {
            let d = p - c
            for a in 0..<3 { for b in 0..<3 { cov[a][b] += d[a] * d[b] } }
        }
        for a in 0..<3 { for b in 0..<3 { cov[a][b] /= Double(members.count) } }
        let (values, vectors) = SymmetricEigen.decompose(cov)
        return MetalComponent(voxelCount: members.count, volumeMm3: Double(members.count) * g.voxelVolume, centroid: c,
                              axes: vectors, spreads: values.map { max(0, $0).squareRoot() }, touchesBoundary: touches)
    }
}
