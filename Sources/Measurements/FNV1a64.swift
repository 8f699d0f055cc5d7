/// FNV-1a, 64 bit (Fowler–Noll–Vo): a small stable hash — of the thresholds a recommendation used, of a
/// scan's path for `batch --shard`. Not cryptographic; it tells things apart, it does not protect them.
public enum FNV1a64 {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    public static func hash(_ text: String) -> UInt64 {
        var h = offsetBasis
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* prime
        }
        return h
    }

    /// 16 lowercase hex digits.
    public static func hex(_ text: String) -> String {
        let s = String(hash(text), radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
