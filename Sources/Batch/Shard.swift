import Measurements

/// `--shard I/N`: a stable share of an archive's scans, so N machines can split it without talking to
/// each other. A scan belongs to shard FNV-1a(its path relative to the root) mod N, so the assignment
/// does not depend on the machine, the listing order or on which other scans exist: adding scans to
/// the archive never moves a scan to another shard. Shards are numbered 0…N−1, as Slurm array and
/// Kubernetes Indexed Job indices are.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public static let all = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "shard index out of range")
        self.index = index
        self.count = count
    }

    /// "I/N" with 0 ≤ I < N, or nil.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0..<n).contains(i) else {
            return nil
        }
        self.init(index: i, count: n)
    }

    public func contains(_ relativePath: String) -> Bool {
        Int(FNV1a64.hash(relativePath) % UInt64(count)) == index
    }

    public var description: String { "\(index)/\(count)" }
}
