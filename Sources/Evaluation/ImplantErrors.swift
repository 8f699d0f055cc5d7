import Foundation
import Measurements

/// How far one reported implant is from the truth's: measured − truth (mm, degrees, gray values), signed
/// unless the name says otherwise, for every measurement the analysis issue sets a target on.
public struct ImplantErrors: Codable, Sendable, Equatable {
    /// The scan's voxel size (the truth's), for the targets that depend on it.
    public var voxelMm: Double
    /// Bone level per site and of the worst sector, measured − truth.
    public var boneLevelMm: SiteValues
    /// |measured − truth| over the truth's sectors, each paired with the reported sector at the nearest
    /// angle (within half a sector): the mean and the largest, with the angle of the largest; nil when no
    /// sector could be paired.
    public var sectorMeanAbsMm: Double?
    public var sectorWorstAbsMm: Double?
    public var sectorWorstAngleDeg: Double?
    public var sectorsCompared: Int
    /// Truth sectors with no reported sector within half a sector, or whose sector the analysis marked unmeasured.
    public var sectorsNotCompared: Int
    public var lengthMm: Double
    public var diameterMm: Double
    /// Angle between the two axes (apex → shoulder), 0–180°.
    public var axisDeg: Double
    /// Distance between the two shoulders.
    public var shoulderMm: Double
    /// The reported buccal direction's angle from the truth's, around the truth's axis, positive towards the
    /// truth's mesial (−180…180°); nil when either file lacks it. Sectors and sites are read in this frame.
    public var buccalDirectionDeg: Double?
    /// The defect's width, measured − truth, where both read a moat round the implant (Schwarz Ib–Ie; the
    /// truth's width is the moat's); nil otherwise.
    public var defectWidthMm: Double?
    /// Buccal and lingual walls whose truth is at least `MeasurementQuality.thinWallMm` thick.
    public var walls: [WallError]
    /// Truth walls thinner than `MeasurementQuality.thinWallMm` (0 included): not measured, since CBCT does
    /// not show them reliably (Domic 2020); the quality flag is checked instead.
    public var thinWallsExcluded: Int
    /// Truth walls (≥ 1.0 mm) for which the analysis reported no entry with the same label.
    public var wallsMissing: Int
    /// "thinBuccalWall" raised by the analysis exactly when the truth raises it.
    public var thinWallFlag: ClassOutcome
    /// "wallAtBoneLevel" raised by the analysis exactly when a truth wall row (of any thickness) lies within
    /// `MeasurementQuality.wallAtBoneLevelMm` of the truth's level on its side, that level above the apex.
    public var wallAtBoneLevelFlag: ClassOutcome
    /// Shell means, in the scan's gray values.
    public var densityShells: [ShellError]
    /// Truth shells for which the analysis reported no shell with the same bounds and third.
    public var shellsMissing: Int
    public var schwarzClass: ClassOutcome
    public var material: ClassOutcome

    /// Compares a reported implant with the truth's. Density is compared in the scan's gray values:
    /// the truth's HU × `grayScale` + `grayOffset` (`PhantomTruth.scan`), as the analysis sees them.
    public init(measured: ImplantMeasurement, truth: ImplantMeasurement, grayScale: Double = 1, grayOffset: Double = 0) {
        voxelMm = truth.quality.voxelMm
        let m = measured.boneLevelMm, t = truth.boneLevelMm
        boneLevelMm = SiteValues(mesial: m.mesial - t.mesial, distal: m.distal - t.distal, buccal: m.buccal - t.buccal,
                                 lingual: m.lingual - t.lingual, max: m.max - t.max)

        let sectors = Self.sectorErrors(measured: measured.sectors, unmeasuredDeg: measured.quality.unmeasuredSectorsDeg,
                                        truth: truth.sectors)
        sectorsCompared = sectors.count
        sectorsNotCompared = truth.sectors.count - sectors.count
        if sectors.isEmpty {
            sectorMeanAbsMm = nil
            sectorWorstAbsMm = nil
            sectorWorstAngleDeg = nil
        } else {
            let worst = sectors.max { $0.abs < $1.abs }!
            sectorMeanAbsMm = sectors.reduce(0) { $0 + $1.abs } / Double(sectors.count)
            sectorWorstAbsMm = worst.abs
            sectorWorstAngleDeg = worst.angleDeg
        }

        lengthMm = measured.lengthMm - truth.lengthMm
        diameterMm = measured.diameterMm - truth.diameterMm
        axisDeg = Self.angleDeg(measured.axis, truth.axis)
        shoulderMm = ImplantMatcher.distance(measured.shoulderMm, truth.shoulderMm) ?? .infinity
        buccalDirectionDeg = Self.turnDeg(of: measured.buccalDirection, from: truth.buccalDirection,
                                          towards: truth.mesialDirection)
        let moats: Set<String> = ["Ib", "Ic", "Id", "Ie"]
        defectWidthMm = moats.contains(truth.defect.schwarzClass) && moats.contains(measured.defect.schwarzClass)
            ? measured.defect.widthMm - truth.defect.widthMm : nil

        var walls: [WallError] = [], thin = 0, missing = 0
        for tw in truth.wallThicknessMm {
            let mw = measured.wallThicknessMm.first { $0.label == tw.label }
            for (side, truthMm, measuredMm, angle) in [("buccal", tw.buccal, mw?.buccal, 0.0),
                                                       ("lingual", tw.lingual, mw?.lingual, 180.0)] {
                if truthMm < MeasurementQuality.thinWallMm {
                    thin += 1
                } else if let measuredMm {
                    walls.append(WallError(label: tw.label, depthMm: tw.depthMm, side: side, truthMm: truthMm, measuredMm: measuredMm,
                                           atBoneLevel: truth.wallIsAtBoneLevel(depthMm: tw.depthMm, angleDeg: angle)))
                } else {
                    missing += 1
                }
            }
        }
        self.walls = walls
        thinWallsExcluded = thin
        wallsMissing = missing
        let flag = "thinBuccalWall"
        thinWallFlag = ClassOutcome(truth: truth.quality.flags.contains(flag) ? flag : "none",
                                    measured: measured.quality.flags.contains(flag) ? flag : "none")
        let levelFlag = "wallAtBoneLevel"
        wallAtBoneLevelFlag = ClassOutcome(truth: truth.hasWallAtBoneLevel ? levelFlag : "none",
                                           measured: measured.quality.flags.contains(levelFlag) ? levelFlag : "none")

        var shells: [ShellError] = [], shellsMissing = 0
        for ts in truth.densityShells {
            let ms = measured.densityShells.first {
                $0.third == ts.third && abs($0.innerMm - ts.innerMm) < Self.boundToleranceMm
                    && abs($0.outerMm - ts.outerMm) < Self.boundToleranceMm
            }
            if let ms {
                shells.append(ShellError(innerMm: ts.innerMm, outerMm: ts.outerMm, third: ts.third,
                                         truthGray: ts.mean * grayScale + grayOffset, measuredGray: ms.mean))
            } else {
                shellsMissing += 1
            }
        }
        densityShells = shells
        self.shellsMissing = shellsMissing

        schwarzClass = ClassOutcome(truth: truth.defect.schwarzClass, measured: measured.defect.schwarzClass)
        material = ClassOutcome(truth: truth.material, measured: measured.material)
    }

    /// Shell bounds (mm) closer than this are the same shell.
    static let boundToleranceMm = 1e-6
    /// A reported sector marked unmeasured matches its angle within this.
    static let angleToleranceDeg = 1e-6

    struct SectorError {
        var angleDeg: Double
        var abs: Double
    }

    /// Each truth sector paired with the reported sector at the nearest angle, if one lies within half a
    /// truth sector (360° / count / 2) and the analysis did not mark it unmeasured.
    static func sectorErrors(measured: [SectorBoneLevel], unmeasuredDeg: [Double], truth: [SectorBoneLevel]) -> [SectorError] {
        guard !truth.isEmpty else { return [] }
        let halfWidth = 180.0 / Double(truth.count) + 1e-9
        let usable = measured.filter { s in !unmeasuredDeg.contains { angleBetween($0, s.angleDeg) < angleToleranceDeg } }
        var errors: [SectorError] = []
        for t in truth {
            guard let nearest = usable.min(by: { angleBetween($0.angleDeg, t.angleDeg) < angleBetween($1.angleDeg, t.angleDeg) }),
                  angleBetween(nearest.angleDeg, t.angleDeg) <= halfWidth else { continue }
            errors.append(SectorError(angleDeg: t.angleDeg, abs: Swift.abs(nearest.boneLevelMm - t.boneLevelMm)))
        }
        return errors
    }

    /// Circular difference of two angles in degrees, 0–180.
    static func angleBetween(_ a: Double, _ b: Double) -> Double {
        let d = (a - b).truncatingRemainder(dividingBy: 360)
        let wrapped = Swift.abs(d)
        return wrapped > 180 ? 360 - wrapped : wrapped
    }

    /// The angle of `v` from `zero` in the plane of `zero` and `ninety` (degrees, positive towards `ninety`);
    /// nil unless all three are 3-vectors.
    static func turnDeg(of v: [Double]?, from zero: [Double]?, towards ninety: [Double]?) -> Double? {
        guard let v, let zero, let ninety, v.count == 3, zero.count == 3, ninety.count == 3 else { return nil }
        let x = zip(v, zero).reduce(0) { $0 + $1.0 * $1.1 }, y = zip(v, ninety).reduce(0) { $0 + $1.0 * $1.1 }
        guard x != 0 || y != 0 else { return nil }
        return atan2(y, x) * 180 / .pi
    }

    /// Angle between two 3-vectors in degrees (atan2 of |a × b| and a · b, accurate for small angles);
    /// 180° when either is not a non-zero 3-vector.
    static func angleDeg(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == 3, b.count == 3 else { return 180 }
        let u = SIMD3(a[0], a[1], a[2]), v = SIMD3(b[0], b[1], b[2])
        let cross = SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
        let dot = (u * v).sum()
        guard (u * u).sum() > 0, (v * v).sum() > 0 else { return 180 }
        return atan2((cross * cross).sum().squareRoot(), dot) * 180 / .pi
    }
}
