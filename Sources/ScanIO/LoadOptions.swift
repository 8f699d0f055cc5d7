/// What the user may tell the loader beyond the files themselves.
public struct LoadOptions: Sendable, Equatable {
    /// SeriesInstanceUID to load instead of the largest consistent series.
    public var seriesUID: String?
    /// Voxel spacing (mm) for a PNG stack without a sidecar, or overriding the sidecar's.
    public var spacing: SIMD3<Double>?
    /// Largest volume accepted, checked from the headers before any pixel buffer is allocated.
    public var maxVoxels: Int
    /// Threads that read headers and decode files at once (nil: one per core).
    public var threads: Int?

    /// Default `maxVoxels`: 1024³ (2 GiB of Int16), above the largest CBCT field (≈ 160 mm at 0.15 mm
    /// gives ≈ 1067 × 1067 × 667 ≈ 7.6e8 voxels).
    public static let defaultMaxVoxels = 1 << 30

    public init(seriesUID: String? = nil, spacing: SIMD3<Double>? = nil, maxVoxels: Int = LoadOptions.defaultMaxVoxels,
                threads: Int? = nil) {
        self.seriesUID = seriesUID
        self.spacing = spacing
        self.maxVoxels = maxVoxels
        self.threads = threads
    }
}
