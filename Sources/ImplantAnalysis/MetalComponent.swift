import VolumeCore

/// One 26-connected group of metal voxels, summarised by its moments (LPS mm).
public struct MetalComponent: Sendable {
    public var voxelCount: Int
    public var volumeMm3: Double
    public var centroid: SIMD3<Double>
    /// Principal axes (unit vectors, largest spread first) and standard deviations along them (mm).
    public var axes: [SIMD3<Double>]
    public var spreads: [Double]
    /// Whether the group touches a face of the volume (the object may continue outside the field).
    public var touchesBoundary: Bool

    /// Ratio of the spread along the main axis to the next: about 3 for an implant, near 1 for a crown.
    public var elongation: Double { spreads[1] > 0 ? spreads[0] / spreads[1] : .infinity }
}
