import Phantom

/// What the analysis is told about a phantom besides its voxels: what a loader would report for it.
public struct AccuracyCase: Sendable {
    /// "seed 17" or "preset tilted"; also a fine `ScanInfo.source`.
    public var label: String
    public var seed: UInt64
    public var preset: String?
    public var spec: PhantomSpec
    /// Voxels whose gray value fell outside Int16 and were clamped, as the loader counts them.
    public var clampedVoxels: Int
}
