import Testing
@testable import ScanIO

@Suite struct PixelRescalerTests {
    func convert16(_ stored: [UInt16], bitsStored: Int, signed: Bool, slope: Double, intercept: Double)
        -> (values: [Int16], clamped: Int)
    {
        var buffer = stored
        let layout = PixelLayout(bitsAllocated: 16, bitsStored: bitsStored, signed: signed, rows: 1, columns: stored.count)
        let clamped = buffer.withUnsafeMutableBytes { raw in
            PixelRescaler.convert(from: raw.baseAddress!, to: raw.baseAddress!.assumingMemoryBound(to: Int16.self),
                                  count: stored.count, layout: layout, slope: slope, intercept: intercept)
        }
        return (buffer.map { Int16(bitPattern: $0) }, clamped)
    }

    @Test func unsignedTwelveBitMasksHighBitsAndAddsIntercept() {
        // 0xF123: the top nibble is overlay/garbage; 12 bits stored leave 0x123 = 291.
        let r = convert16([0xF123, 0x0FFF, 0], bitsStored: 12, signed: false, slope: 1, intercept: -1024)
        #expect(r.values == [291 - 1024, 4095 - 1024, -1024])
        #expect(r.clamped == 0)
    }

    @Test func signedTwelveBitSignExtends() {
        // 0x0800 in 12 bits is −2048; 0x07FF is 2047; 0xFFFF is −1.
        let r = convert16([0x0800, 0x07FF, 0xFFFF, 0x1801], bitsStored: 12, signed: true, slope: 1, intercept: 0)
        #expect(r.values == [-2048, 2047, -1, -2047])
    }

    @Test func realSlopeRoundsHalfAwayFromZeroAndClamps() {
        // 3·0.5 − 1000.5 = −999; 4·0.5 − 1000.5 = −998.5 → −999 and 0·0.5 − 1000.5 → −1001 (half away
        // from zero); 65535·1.5 + … clamps.
        let r = convert16([3, 4, 65535, 0], bitsStored: 16, signed: false, slope: 1.5, intercept: -1000.5)
        let h = convert16([3, 4, 0], bitsStored: 16, signed: false, slope: 0.5, intercept: -1000.5)
        #expect(h.values == [-999, -999, -1001])
        #expect(r.values[2] == Int16.max)
        #expect(r.clamped == 1)
    }

    @Test func unsignedSixteenBitAboveInt16Clamps() {
        // 40000 − 1024 = 38976 and 33792 − 1024 = 32768 exceed Int16; 33791 − 1024 = 32767 does not.
        let r = convert16([40000, 33791, 33792], bitsStored: 16, signed: false, slope: 1, intercept: -1024)
        #expect(r.values == [32767, 32767, 32767])
        #expect(r.clamped == 2)
    }

    /// Many values, so that the eight-at-a-time pass and its one-by-one remainder both run, against the
    /// definition computed here value by value: keep `bitsStored` bits (masked, or sign-extended), add
    /// the intercept, clamp to Int16 and count.
    @Test(arguments: [(16, false, -1024.0), (12, false, -1100.0), (12, true, 0.0), (16, true, 1000.0), (16, true, -1000.0)])
    func wholeGroupsMatchTheDefinition(bits: Int, signed: Bool, intercept: Double) {
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        let stored: [UInt16] = (0..<1003).map { _ in
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            return UInt16(truncatingIfNeeded: x)
        }
        var clamped = 0
        let want: [Int16] = stored.map { s in
            let kept: Int = signed ? Int(Int16(bitPattern: s << (16 - bits)) >> (16 - bits)) : Int(s) & ((1 << bits) - 1)
            let v = kept + Int(intercept)
            if v > Int(Int16.max) || v < Int(Int16.min) { clamped += 1 }
            return Int16(min(max(v, Int(Int16.min)), Int(Int16.max)))
        }
        let r = convert16(stored, bitsStored: bits, signed: signed, slope: 1, intercept: intercept)
        #expect(r.values == want)
        #expect(r.clamped == clamped)
        #expect(bits == 12 || clamped > 0)  // the 16-bit cases do reach the clamp
    }

    @Test func eightBitWidensInPlace() {
        // 5 unsigned 8-bit values in the first 5 bytes of a 10-byte buffer.
        var bytes: [UInt8] = [0, 1, 127, 128, 255, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA]
        let layout = PixelLayout(bitsAllocated: 8, bitsStored: 8, signed: false, rows: 1, columns: 5)
        let clamped = bytes.withUnsafeMutableBytes { raw in
            PixelRescaler.convert(from: raw.baseAddress!, to: raw.baseAddress!.assumingMemoryBound(to: Int16.self),
                                  count: 5, layout: layout, slope: 2, intercept: -100)
        }
        let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        #expect(values == [-100, -98, 154, 156, 410])
        #expect(clamped == 0)
    }

    @Test func signedEightBit() {
        var bytes: [UInt8] = [0x80, 0xFF, 0x7F, 0, 0, 0]
        let layout = PixelLayout(bitsAllocated: 8, bitsStored: 8, signed: true, rows: 1, columns: 3)
        _ = bytes.withUnsafeMutableBytes { raw in
            PixelRescaler.convert(from: raw.baseAddress!, to: raw.baseAddress!.assumingMemoryBound(to: Int16.self),
                                  count: 3, layout: layout, slope: 1, intercept: 0)
        }
        #expect(bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) } == [-128, -1, 127])
    }
}
