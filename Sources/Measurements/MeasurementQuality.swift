/// How far the measurements of one implant can be trusted (CLINICAL.md §2.8).
public struct MeasurementQuality: Codable, Sendable, Equatable {
    public var voxelMm: Double
    /// Distance from the implant surface skipped because of metal blooming.
    public var artifactMarginMm: Double
    /// "high" or "low": how sure the buccal direction is.
    public var buccalDirectionConfidence: String
    /// Whether gray values are calibrated HU (otherwise density classes are indicative).
    public var calibrated: Bool
    /// Voxels clamped at the ends of the stored range.
    public var clampedVoxels: Int
    /// Sectors (angle, degrees) that could not be measured: field edge, streaks.
    public var unmeasuredSectorsDeg: [Double]
    /// Named conditions, e.g. "thinBuccalWall" (a wall of more than 0 and at most 1.0 mm: not reliably
    /// seen on CBCT, Domic 2020) or "metalSaturated"; the list and their meaning are in
    /// docs/measurements.schema.json.
    public var flags: [String]

    public init(voxelMm: Double, artifactMarginMm: Double, buccalDirectionConfidence: String, calibrated: Bool,
                clampedVoxels: Int, unmeasuredSectorsDeg: [Double], flags: [String]) {
        self.voxelMm = voxelMm
        self.artifactMarginMm = artifactMarginMm
        self.buccalDirectionConfidence = buccalDirectionConfidence
        self.calibrated = calibrated
        self.clampedVoxels = clampedVoxels
        self.unmeasuredSectorsDeg = unmeasuredSectorsDeg
        self.flags = flags
    }

    /// Walls this thin or thinner are flagged: CBCT does not show them reliably (Domic 2020).
    public static let thinWallMm = 1.0
}
