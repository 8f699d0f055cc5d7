/// Where a volume's voxels sit in DICOM's LPS patient frame (millimetres).
///
/// `direction` holds the unit vectors of the volume's x, y and z index axes as columns:
/// for a DICOM series, x = ImageOrientationPatient's row direction, y = its column direction
/// and z = the slice normal along which the slices were sorted.
public struct VolumeGeometry: Sendable, Equatable, Codable {
    /// Voxel size along x, y, z in mm.
    public var spacing: SIMD3<Double>
    /// LPS position (mm) of the centre of voxel (0, 0, 0).
    public var origin: SIMD3<Double>
    /// Index axes as LPS unit vectors (columns).
    public var direction: Matrix3

    /// Tolerance (mm, or dimensionless for direction cosines) for geometry comparisons; matches the
    /// precision of DICOM decimal strings, as ITK does.
    public static let tolerance = 1e-6

    public init(spacing: SIMD3<Double>, origin: SIMD3<Double> = .zero, direction: Matrix3 = .identity) {
        self.spacing = spacing
        self.origin = origin
        self.direction = direction
    }

    /// LPS point (mm) of a continuous index (voxel centres at whole numbers).
    @inlinable
    public func physicalPoint(ofIndex index: SIMD3<Double>) -> SIMD3<Double> {
        origin + direction * (index * spacing)
    }

    /// Continuous index of an LPS point (mm). The direction is orthonormal, so its inverse is its transpose.
    @inlinable
    public func continuousIndex(ofPoint point: SIMD3<Double>) -> SIMD3<Double> {
        direction.transposed * (point - origin) / spacing
    }

    /// Voxel volume in mm³.
    public var voxelVolume: Double { spacing.x * spacing.y * spacing.z }
}
