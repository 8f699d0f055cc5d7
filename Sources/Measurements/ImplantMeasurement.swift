/// Everything measured around one implant (CLINICAL.md §2), in millimetres, degrees and HU.
///
/// The analysis writes these values and the phantom's ground truth uses the same type, so that the
/// two JSON files have the same keys and can be compared field by field.
public struct ImplantMeasurement: Codable, Sendable, Equatable {
    /// Shoulder-to-apex distance along the axis.
    public var lengthMm: Double
    /// Largest outer (thread) diameter.
    public var diameterMm: Double
    /// Unit vector from the apex towards the shoulder, LPS.
    public var axis: [Double]
    /// Centre of the platform (shoulder) and of the apex, LPS mm.
    public var shoulderMm: [Double]
    public var apexMm: [Double]
    /// Unit vectors perpendicular to the axis towards buccal (sector 0°) and towards mesial (sector 90°),
    /// LPS: the frame the sectors, sites and walls are measured in. Absent in files written before they
    /// were reported.
    public var buccalDirection: [Double]?
    public var mesialDirection: [Double]?
    /// "titanium", "zirconia", or "unknown" where clipped gray values leave it undecided (`MaterialClassifier`).
    public var material: String
    /// Shoulder-to-first-bone-contact distance per site (mean of the sectors within ±22.5° of the site)
    /// and the worst (largest) sector.
    public var boneLevelMm: SiteValues
    /// Worst bone loss (bone level − reference) as % of the implant length.
    public var boneLossPercent: Double
    /// Reference subtracted from bone levels: 0 for bone-level implants, the collar for tissue-level ones.
    public var referenceMm: Double
    /// Bone level per angular sector, 0° = buccal, 90° = mesial, 180° = lingual, 270° = distal.
    public var sectors: [SectorBoneLevel]
    public var defect: DefectMeasurement
    /// Buccal and lingual bone thickness along the buccal direction at the listed depths below the shoulder.
    public var wallThicknessMm: [WallThickness]
    public var densityShells: [DensityShell]
    /// Misch bone density class from the mean of the shells (D1–D5; indicative when uncalibrated).
    public var mischClass: String
    /// Bucco-lingual extent of bone through the axis at depths below the crest.
    public var ridgeWidthMm: [RidgeWidth]
    /// Bone along the axis beyond the apex, up to 10 mm.
    public var boneBeyondApexMm: Double
    public var quality: MeasurementQuality

    public init(lengthMm: Double, diameterMm: Double, axis: [Double], shoulderMm: [Double], apexMm: [Double],
                buccalDirection: [Double]?, mesialDirection: [Double]?, material: String, boneLevelMm: SiteValues,
                boneLossPercent: Double, referenceMm: Double,
                sectors: [SectorBoneLevel], defect: DefectMeasurement, wallThicknessMm: [WallThickness],
                densityShells: [DensityShell], mischClass: String, ridgeWidthMm: [RidgeWidth],
                boneBeyondApexMm: Double, quality: MeasurementQuality) {
        self.lengthMm = lengthMm
        self.diameterMm = diameterMm
        self.axis = axis
        self.shoulderMm = shoulderMm
        self.apexMm = apexMm
        self.buccalDirection = buccalDirection
        self.mesialDirection = mesialDirection
        self.material = material
        self.boneLevelMm = boneLevelMm
        self.boneLossPercent = boneLossPercent
        self.referenceMm = referenceMm
        self.sectors = sectors
        self.defect = defect
        self.wallThicknessMm = wallThicknessMm
        self.densityShells = densityShells
        self.mischClass = mischClass
        self.ridgeWidthMm = ridgeWidthMm
        self.boneBeyondApexMm = boneBeyondApexMm
        self.quality = quality
    }
}

extension ImplantMeasurement {
    /// Whether the wall row at `depthMm` on the buccal (`angleDeg` 0) or lingual (180) side stands at that side's bone
    /// level, read on the sector centred there (`MeasurementQuality.wallIsAtBoneLevel`): such a row may read either
    /// the wall above the level or the one below it.
    public func wallIsAtBoneLevel(depthMm: Double, angleDeg: Double) -> Bool {
        Self.wallIsAtBoneLevel(depthMm: depthMm, angleDeg: angleDeg, sectors: sectors, lengthMm: lengthMm)
    }

    /// Whether any wall row stands at its side's bone level: what the "wallAtBoneLevel" flag says.
    public var hasWallAtBoneLevel: Bool {
        Self.hasWallAtBoneLevel(walls: wallThicknessMm, sectors: sectors, lengthMm: lengthMm)
    }

    /// `hasWallAtBoneLevel` from the parts, for the analysis that sets the flag before the measurement is whole.
    public static func hasWallAtBoneLevel(walls: [WallThickness], sectors: [SectorBoneLevel], lengthMm: Double) -> Bool {
        walls.contains { w in
            [0.0, 180.0].contains { wallIsAtBoneLevel(depthMm: w.depthMm, angleDeg: $0, sectors: sectors, lengthMm: lengthMm) }
        }
    }

    static func wallIsAtBoneLevel(depthMm: Double, angleDeg: Double, sectors: [SectorBoneLevel], lengthMm: Double) -> Bool {
        // A side without a sector (outside the field) has no level above the apex.
        let level = sectors.first { abs($0.angleDeg - angleDeg) < 1e-6 }?.boneLevelMm ?? lengthMm
        return MeasurementQuality.wallIsAtBoneLevel(depthMm: depthMm, levelMm: level, lengthMm: lengthMm)
    }
}
