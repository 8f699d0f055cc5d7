/// The content half of a scan's identity: FNV-1a 64 over the assembled volume's voxel bytes, its size and
/// its spacing, as 16 hex digits. With the SeriesInstanceUID it recognises a scan attached again (the
/// same series re-exported, or re-analysed with other options), whatever the folder or file format.
/// Not cryptographic: it guards against duplicates, not against forgery.
public enum ScanFingerprint {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    public static func of(voxels: UnsafeRawBufferPointer, size: [Int], spacingMm: [Double]) -> String {
        var h = offsetBasis
        func mix(_ byte: UInt8) { h = (h ^ UInt64(byte)) &* prime }
        for n in size { withUnsafeBytes(of: UInt64(n).littleEndian) { $0.forEach(mix) } }
        // Spacing to a micrometre, so that decimal noise in the headers does not change the identity.
        for s in spacingMm { withUnsafeBytes(of: Int64((s * 1000).rounded()).littleEndian) { $0.forEach(mix) } }
        for byte in voxels { mix(byte) }
        return String(h, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
