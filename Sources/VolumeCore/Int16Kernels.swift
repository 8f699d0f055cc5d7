/// Serial SIMD kernels over a flat `Int16` buffer; `Volume` runs them per z-slab.
public enum Int16Kernels {
    /// 16 lanes (256 bits): two SSE registers. `SIMD32<Int16>` is not lowered to vector code by Swift
    /// 6.3 on x86-64 without AVX-512 (its lane-wise operations ran at 34 MB/s, a loop per lane), while
    /// `SIMD16` runs above memcpy's bandwidth (Benchmarks/Kernels).
    public typealias Lanes = SIMD16<Int16>
    static let width = Lanes.scalarCount

    /// Smallest and largest value of a non-empty buffer.
    public static func minMax(_ buffer: UnsafeBufferPointer<Int16>) -> (min: Int16, max: Int16) {
        precondition(!buffer.isEmpty)
        let n = buffer.count, base = buffer.baseAddress!
        var lo = Lanes(repeating: .max), hi = Lanes(repeating: .min)
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + width <= n {
            let v = raw.loadUnaligned(fromByteOffset: i * 2, as: Lanes.self)
            lo.replace(with: v, where: v .< lo)
            hi.replace(with: v, where: v .> hi)
            i += width
        }
        var mn = lo.min(), mx = hi.max()
        while i < n {
            mn = Swift.min(mn, base[i]); mx = Swift.max(mx, base[i]); i += 1
        }
        return (mn, mx)
    }

    /// Count per value, indexed by `value - Int16.min`.
    public static func histogram(_ buffer: UnsafeBufferPointer<Int16>) -> [Int] {
        // Four interleaved sub-histograms break the store-to-load dependency on runs of equal values.
        var counts = [Int32](repeating: 0, count: 4 * 65536)
        counts.withUnsafeMutableBufferPointer { c in
            let n = buffer.count, p = buffer.baseAddress!
            var i = 0
            while i + 4 <= n {
                c[Int(UInt16(bitPattern: p[i]) ^ 0x8000)] &+= 1
                c[65536 + Int(UInt16(bitPattern: p[i + 1]) ^ 0x8000)] &+= 1
                c[131072 + Int(UInt16(bitPattern: p[i + 2]) ^ 0x8000)] &+= 1
                c[196608 + Int(UInt16(bitPattern: p[i + 3]) ^ 0x8000)] &+= 1
                i += 4
            }
            while i < n { c[Int(UInt16(bitPattern: p[i]) ^ 0x8000)] &+= 1; i += 1 }
        }
        // Int32 per slab is safe: a slab never holds 2³¹ voxels of one value in practice, but widen anyway.
        var out = [Int](repeating: 0, count: 65536)
        for v in 0..<65536 {
            out[v] = Int(counts[v]) + Int(counts[65536 + v]) + Int(counts[131072 + v]) + Int(counts[196608 + v])
        }
        return out
    }

    /// Number of values `>= threshold`.
    public static func count(_ buffer: UnsafeBufferPointer<Int16>, atLeast threshold: Int16) -> Int {
        let n = buffer.count, base = buffer.baseAddress!
        let raw = UnsafeRawPointer(base)
        let t = Lanes(repeating: threshold)
        var acc = Lanes.zero
        var total = 0
        var i = 0, blocks = 0
        while i + width <= n {
            let v = raw.loadUnaligned(fromByteOffset: i * 2, as: Lanes.self)
            acc &+= Lanes.zero.replacing(with: 1, where: v .>= t)
            i += width; blocks += 1
            if blocks == 32_000 { total += widenedSum(acc); acc = .zero; blocks = 0 }
        }
        total += widenedSum(acc)
        while i < n { if base[i] >= threshold { total += 1 }; i += 1 }
        return total
    }

    /// Sum of the lanes in `Int`, so that 16 lanes of up to 32 000 each cannot overflow.
    @inline(__always)
    static func widenedSum(_ v: Lanes) -> Int { Int(SIMD16<Int32>(truncatingIfNeeded: v).wrappedSum()) }
}
