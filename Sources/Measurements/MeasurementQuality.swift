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
    /// seen on CBCT, Domic 2020), "wallAtBoneLevel" or "metalSaturated"; the list and their meaning are in
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
    /// A buccal or lingual wall row whose depth lies this close (mm) to that side's bone level is flagged
    /// "wallAtBoneLevel". At the level (a defect's floor, or a crest cut flat) the wall changes within the blur
    /// from none, or a plate across the defect, to the whole ridge, and the row, the median of readings 0.5 mm
    /// either side of its depth (`ImplantMeasurer.wallDepthOffsetsMm`), reads either: within 0.25 mm the middle
    /// three readings stand on both sides of the level. On phantom seeds 1–500 (618 implants, `analyze` of the
    /// written series; walls of 1 mm or more in the truth), 17 of the 138 rows this close to their side's level read
    /// more than 0.6 mm wrong, all within 0.18 mm of the truth's level, against 3 of the 2 542 other rows (a dark
    /// streak, a flat crest 0.3 mm above the row, a wall 4 mm below the level); 175 implants carry the flag.
    public static let wallAtBoneLevelMm = 0.25

    /// Whether a wall row at `depthMm` stands at its side's bone level `levelMm` (within `wallAtBoneLevelMm`, the
    /// level above the apex of an implant `lengthMm` long): the rows the analysis flags "wallAtBoneLevel", and those
    /// the accuracy report holds apart in the truth.
    public static func wallIsAtBoneLevel(depthMm: Double, levelMm: Double, lengthMm: Double) -> Bool {
        levelMm < lengthMm && abs(depthMm - levelMm) <= wallAtBoneLevelMm
    }
}
