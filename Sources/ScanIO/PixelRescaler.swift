/// Turns decoded stored values into HU (`Int16`), in place.
///
/// Stored values keep only their `bitsStored` low bits (masked when unsigned, sign-extended when
/// signed, as DICOM PS3.5 §8 defines), then HU = stored × slope + intercept, rounded half away from
/// zero and clamped to `Int16`, counting clamped voxels.
public enum PixelRescaler {
    /// Converts `count` stored values at `source` into HU at `destination`; returns the number of
    /// clamped voxels. 16-bit values convert in place (`source == destination`) or between disjoint
    /// buffers. 8-bit values are widened from the end backwards, so `destination` may overlap `source`
    /// as long as it does not start before it (a frame decoded into the first half of its own slice).
    public static func convert(from source: UnsafeMutableRawPointer, to destination: UnsafeMutablePointer<Int16>,
                               count: Int, layout: PixelLayout, slope: Double, intercept: Double) -> Int {
        let out = destination
        let buffer = source
        let bits = max(1, min(layout.bitsStored, layout.bitsAllocated))
        let integral = slope == 1 && intercept == intercept.rounded() && abs(intercept) < Double(1 << 30)
        switch (layout.bitsAllocated, layout.signed) {
        case (16, false):
            let mask = UInt16(truncatingIfNeeded: (1 << bits) - 1)
            let input = source.assumingMemoryBound(to: UInt16.self)
            return integral
                ? integerPass16(count, offset: Int32(intercept), stored: 0...Int32(mask), input: UnsafeRawPointer(source), out: out,
                                widen: { SIMD8<Int32>(truncatingIfNeeded: $0 & SIMD8(repeating: mask)) },
                                load: { i in Int32(input[i] & mask) })
                : realPass(count, slope, intercept) { i in Double(input[i] & mask) } store: { out[$0] = $1 }
        case (16, true):
            let shift = Int16(16 - bits)
            let input = source.assumingMemoryBound(to: Int16.self)
            return integral
                ? integerPass16(count, offset: Int32(intercept), stored: -(Int32(1) << (bits - 1))...(Int32(1) << (bits - 1)) - 1,
                                input: UnsafeRawPointer(source), out: out,
                                widen: { raw in
                                    let v = SIMD8<Int16>(truncatingIfNeeded: raw)
                                    return SIMD8<Int32>(truncatingIfNeeded: (v &<< SIMD8(repeating: shift)) &>> SIMD8(repeating: shift))
                                },
                                load: { i in Int32((input[i] << shift) >> shift) })
                : realPass(count, slope, intercept) { i in Double((input[i] << shift) >> shift) } store: { out[$0] = $1 }
        case (8, false):
            // Raw loads and stores: the bytes are read as UInt8 and rewritten as Int16.
            let mask = UInt8(truncatingIfNeeded: (1 << bits) - 1)
            let load = { (i: Int) in buffer.load(fromByteOffset: i, as: UInt8.self) & mask }
            let store = { (i: Int, v: Int16) in UnsafeMutableRawPointer(out).storeBytes(of: v, toByteOffset: 2 * i, as: Int16.self) }
            return integral
                ? integerPassBackwards(count, offset: Int32(intercept), load: { Int32(load($0)) }, store: store)
                : realPassBackwards(count, slope, intercept, load: { Double(load($0)) }, store: store)
        case (8, true):
            let shift = Int8(8 - bits)
            let load = { (i: Int) in (buffer.load(fromByteOffset: i, as: Int8.self) << shift) >> shift }
            let store = { (i: Int, v: Int16) in UnsafeMutableRawPointer(out).storeBytes(of: v, toByteOffset: 2 * i, as: Int16.self) }
            return integral
                ? integerPassBackwards(count, offset: Int32(intercept), load: { Int32(load($0)) }, store: store)
                : realPassBackwards(count, slope, intercept, load: { Double(load($0)) }, store: store)
        default:
            preconditionFailure("bits allocated \(layout.bitsAllocated) is refused before decoding")
        }
    }

    @inline(__always)
    private static func clamp(_ v: Int32, _ clamped: inout Int) -> Int16 {
        if v > Int32(Int16.max) { clamped += 1; return .max }
        if v < Int32(Int16.min) { clamped += 1; return .min }
        return Int16(v)
    }

    @inline(__always)
    private static func clamp(_ v: Double, _ clamped: inout Int) -> Int16 {
        let r = v.rounded()
        if r > Double(Int16.max) { clamped += 1; return .max }
        if r < Double(Int16.min) { clamped += 1; return .min }
        return Int16(r)
    }

    /// The integral pass over 16-bit stored values, eight at a time (their `Int32` sums fill an AVX2
    /// register): stored values in `stored` plus `offset` that cannot leave `Int16` skip the clamp. Loads
    /// come before stores in each group, so `source == destination` is fine. The remainder goes one by one.
    @inline(__always)
    private static func integerPass16(_ n: Int, offset: Int32, stored: ClosedRange<Int32>, input: UnsafeRawPointer,
                                      out: UnsafeMutablePointer<Int16>, widen: (SIMD8<UInt16>) -> SIMD8<Int32>,
                                      load: (Int) -> Int32) -> Int {
        let lanes = 8
        let whole = n / lanes * lanes
        let output = UnsafeMutableRawPointer(out)
        let add = SIMD8<Int32>(repeating: offset)
        var clamped = 0
        if stored.lowerBound + offset >= Int32(Int16.min) && stored.upperBound + offset <= Int32(Int16.max) {
            for i in stride(from: 0, to: whole, by: lanes) {
                let v = widen(input.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<UInt16>.self)) &+ add
                output.storeBytes(of: SIMD8<Int16>(truncatingIfNeeded: v), toByteOffset: 2 * i, as: SIMD8<Int16>.self)
            }
        } else {
            let lo = SIMD8<Int32>(repeating: Int32(Int16.min)), hi = SIMD8<Int32>(repeating: Int32(Int16.max))
            var outside = SIMD8<Int32>()
            for i in stride(from: 0, to: whole, by: lanes) {
                let v = widen(input.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<UInt16>.self)) &+ add
                outside &+= SIMD8<Int32>().replacing(with: 1, where: (v .< lo) .| (v .> hi))
                let c = v.clamped(lowerBound: lo, upperBound: hi)
                output.storeBytes(of: SIMD8<Int16>(truncatingIfNeeded: c), toByteOffset: 2 * i, as: SIMD8<Int16>.self)
            }
            clamped = Int(outside.wrappedSum())
        }
        for i in whole..<n { out[i] = clamp(load(i) + offset, &clamped) }
        return clamped
    }

    @inline(__always)
    private static func realPass(_ n: Int, _ slope: Double, _ intercept: Double, load: (Int) -> Double,
                                 store: (Int, Int16) -> Void) -> Int {
        var clamped = 0
        for i in 0..<n { store(i, clamp(load(i) * slope + intercept, &clamped)) }
        return clamped
    }

    @inline(__always)
    private static func integerPassBackwards(_ n: Int, offset: Int32, load: (Int) -> Int32,
                                             store: (Int, Int16) -> Void) -> Int {
        var clamped = 0
        var i = n
        while i > 0 { i -= 1; store(i, clamp(load(i) + offset, &clamped)) }
        return clamped
    }

    @inline(__always)
    private static func realPassBackwards(_ n: Int, _ slope: Double, _ intercept: Double, load: (Int) -> Double,
                                          store: (Int, Int16) -> Void) -> Int {
        var clamped = 0
        var i = n
        while i > 0 { i -= 1; store(i, clamp(load(i) * slope + intercept, &clamped)) }
        return clamped
    }
}
