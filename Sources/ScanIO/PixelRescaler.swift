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
                ? integerPass(count, offset: Int32(intercept)) { i in Int32(input[i] & mask) } store: { out[$0] = $1 }
                : realPass(count, slope, intercept) { i in Double(input[i] & mask) } store: { out[$0] = $1 }
        case (16, true):
            let shift = Int16(16 - bits)
            let input = source.assumingMemoryBound(to: Int16.self)
            return integral
                ? integerPass(count, offset: Int32(intercept)) { i in Int32((input[i] << shift) >> shift) } store: { out[$0] = $1 }
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

    @inline(__always)
    private static func integerPass(_ n: Int, offset: Int32, load: (Int) -> Int32, store: (Int, Int16) -> Void) -> Int {
        var clamped = 0
        for i in 0..<n { store(i, clamp(load(i) + offset, &clamped)) }
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
