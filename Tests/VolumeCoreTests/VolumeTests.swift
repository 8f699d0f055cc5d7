import Testing
import VolumeCore

@Suite struct VolumeTests {
    @Test func layoutIsXFastest() {
        var v = Volume<Int16>(size: [4, 3, 2], geometry: VolumeGeometry(spacing: [1, 1, 1]), repeating: 0)
        v[1, 2, 1] = 7
        let flat = v.withUnsafeBufferPointer { Array($0) }
        #expect(flat[(1 * 3 + 2) * 4 + 1] == 7)
        #expect(flat.filter { $0 != 0 }.count == 1)
    }

    @Test func copiesDoNotShareWrites() {
        var a = Volume<Int16>(size: [2, 2, 2], geometry: VolumeGeometry(spacing: [1, 1, 1]), repeating: 5)
        let b = a
        a[0, 0, 0] = -3
        #expect(a[0, 0, 0] == -3)
        #expect(b[0, 0, 0] == 5)
    }

    @Test func trilinearIsExactOnALinearField() {
        // f = 100 + 3x − 2y + 5z is reproduced exactly by trilinear interpolation.
        var v = Volume<Int16>(size: [6, 5, 4], geometry: VolumeGeometry(spacing: [0.5, 0.5, 0.5]), repeating: 0)
        for z in 0..<4 { for y in 0..<5 { for x in 0..<6 { v[x, y, z] = Int16(100 + 3 * x - 2 * y + 5 * z) } } }
        for p: SIMD3<Double> in [[0, 0, 0], [2.25, 1.5, 0.75], [5, 4, 3], [4.9, 0.1, 2.5]] {
            let expected = 100 + 3 * p.x - 2 * p.y + 5 * p.z
            #expect(abs(v.sample(atIndex: p)! - expected) < 1e-9)
        }
        // The LPS point of index (2.25, 1.5, 0.75) with spacing 0.5 and origin 0.
        #expect(abs(v.sample(atPoint: [1.125, 0.75, 0.375])! - (100 + 6.75 - 3 + 3.75)) < 1e-9)
        #expect(v.sample(atIndex: [-0.01, 0, 0]) == nil)
        #expect(v.sample(atIndex: [0, 0, 3.01]) == nil)
    }

    @Test func trilinearOnASingleSliceVolume() {
        var v = Volume<Int16>(size: [2, 2, 1], geometry: VolumeGeometry(spacing: [1, 1, 1]), repeating: 0)
        v[1, 0, 0] = 10; v[0, 1, 0] = 20; v[1, 1, 0] = 30
        #expect(abs(v.sample(atIndex: [0.5, 0.5, 0])! - 15) < 1e-12)
    }
}
