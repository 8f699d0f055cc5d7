import Testing
import VolumeCore

@Suite struct Int16KernelTests {
    /// A deterministic pseudo-random volume whose size is not a multiple of the SIMD width,
    /// holding both extremes of Int16.
    static func sampleVolume() -> Volume<Int16> {
        var v = Volume<Int16>(size: [37, 11, 9], geometry: VolumeGeometry(spacing: [1, 1, 1]), repeating: 0)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        v.withUnsafeMutableBufferPointer { b in
            for i in b.indices {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                b[i] = Int16(truncatingIfNeeded: Int(state >> 33) % 4000 - 1500)
            }
            b[17] = .min
            b[b.count - 1] = .max
        }
        return v
    }

    @Test func minMaxMatchesAScalarScan() {
        let v = Self.sampleVolume()
        let flat = v.withUnsafeBufferPointer { Array($0) }
        let r = v.minMax()
        #expect(r.min == Int16.min && r.max == Int16.max)
        #expect(r.min == flat.min()! && r.max == flat.max()!)
    }

    @Test func histogramCountsEveryValue() {
        let v = Self.sampleVolume()
        let flat = v.withUnsafeBufferPointer { Array($0) }
        let h = v.histogram()
        #expect(h.reduce(0, +) == v.count)
        for value: Int16 in [.min, .max, 0, -1500, 2499, 17] {
            #expect(h[Int(value) - Int(Int16.min)] == flat.filter { $0 == value }.count)
        }
    }

    @Test func countAtLeastMatchesAFilter() {
        let v = Self.sampleVolume()
        let flat = v.withUnsafeBufferPointer { Array($0) }
        for t: Int16 in [.min, -1500, 0, 1000, 2499, .max] {
            #expect(v.count(atLeast: t) == flat.filter { $0 >= t }.count)
        }
    }

    @Test func countAtLeastOnALongRunDoesNotOverflowLanes() {
        // 2 million voxels above the threshold: each SIMD lane counts far beyond Int16.max.
        let v = Volume<Int16>(size: [1000, 100, 20], geometry: VolumeGeometry(spacing: [1, 1, 1]), repeating: 3000)
        #expect(v.count(atLeast: 2000) == 2_000_000)
    }
}
