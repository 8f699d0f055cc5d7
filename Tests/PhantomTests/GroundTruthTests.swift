import Foundation
import Measurements
import Testing
import VolumeCore
@testable import Phantom

/// Truth values against hand calculations from the spec's geometry (defaults: arch radius 25 mm, ridge
/// 8 mm wide widening 0.12 mm per mm each side, crest dropping 0.03 mm per mm² off the centre line,
/// implant Ø 4 mm × 8 mm, bone-level, centred, upright). Level search steps are 0.01 mm.
@Suite struct GroundTruthTests {
    func truth(_ defect: DefectSpec = DefectSpec(), buccalWall: Double? = nil, edit: (inout PhantomSpec) -> Void = { _ in })
        throws -> ImplantMeasurement
    {
        var spec = smallSpec(defect: defect, degraded: false, buccalWall: buccalWall)
        edit(&spec)
        return try PhantomGenerator.generate(spec, seed: 3).truth.implants[0]
    }

    func sector(_ m: ImplantMeasurement, _ angle: Double) -> Double {
        m.sectors.first { $0.angleDeg == angle }!.boneLevelMm
    }

    @Test func healthyImplantHasBoneAtTheShoulder() throws {
        let m = try truth()
        // Mesially the crest is level with the shoulder (the arch's curve moves the contact point
        // 0.09 mm off the centre line: one 0.01 mm step); buccally the contact point (2.1 mm off the
        // ridge centre) lies 0.03 × 2.1² = 0.132 mm lower.
        #expect(sector(m, 90) <= 0.01)
        #expect(abs(sector(m, 0) - 0.132) <= 0.011)
        #expect(abs(sector(m, 180) - 0.132) <= 0.011)
        #expect(m.boneLevelMm.max < 0.15)
        #expect(m.defect.schwarzClass == "none" && m.defect.monjeClass == "none" && m.defect.monjeSeverity == "none")
        #expect(m.sectors.count == 72 && m.sectors[1].angleDeg == 5)
    }

    @Test func circumferentialDefectLevelsAllSectors() throws {
        let m = try truth(DefectSpec(schwarzClass: "Ie", depthMm: 3, widthMm: 1.2))
        for s in m.sectors { #expect(abs(s.boneLevelMm - 3) <= 0.011, "sector \(s.angleDeg)°: \(s.boneLevelMm)") }
        #expect(abs(m.boneLossPercent - 37.5) < 0.2)
        #expect(m.defect.monjeClass == "Ic" && m.defect.monjeSeverity == "moderate")
        #expect(m.defect.depthMm == 3 && m.defect.widthMm == 1.2)
    }

    /// A moat as wide as a wall takes that plate: the class is the one the geometry shows. At mid-defect
    /// depth (1.5 mm) the walls of the centred implant are 2 + 0.12 × 1.5 = 2.18 mm straight out, and a ray
    /// θ off buccal crosses (2 + 2.18) / cos θ − 2 mm of them. A 1.2 mm moat leaves 0.98 mm: Ie. A 2.1 mm
    /// moat leaves 0.08 mm straight out and ≥ 0.5 mm only from 25° on (4 of 13 directions within ±30°):
    /// both plates lost, Id. Placed with a 1.0 mm buccal wall (1.18 mm at mid-depth), a 1.4 mm moat takes
    /// the buccal plate (0.27 mm even at 30°) and leaves 1.78 mm lingually: Ic.
    @Test func aMoatWiderThanAWallTakesThatPlate() throws {
        #expect(try truth(DefectSpec(schwarzClass: "Ie", depthMm: 3, widthMm: 1.2)).defect.schwarzClass == "Ie")
        #expect(try truth(DefectSpec(schwarzClass: "Ie", depthMm: 3, widthMm: 2.1)).defect.schwarzClass == "Id")
        #expect(try truth(DefectSpec(schwarzClass: "Ic", depthMm: 3, widthMm: 2.1)).defect.schwarzClass == "Id")
        #expect(try truth(DefectSpec(schwarzClass: "Ie", depthMm: 3, widthMm: 1.4), buccalWall: 1.0).defect.schwarzClass == "Ic")
    }

    @Test func buccalDehiscenceLowersOnlyTheBuccalSectors() throws {
        let m = try truth(DefectSpec(schwarzClass: "Ia", depthMm: 4, dehiscenceHalfAngleDeg: 40))
        for angle in stride(from: 0.0, through: 35, by: 5) {
            #expect(abs(sector(m, angle) - 4) <= 0.011, "sector \(angle)°")
            #expect(abs(sector(m, 360 - angle == 360 ? 0 : 360 - angle) - 4) <= 0.011)
        }
        #expect(sector(m, 45) < 0.2)
        #expect(sector(m, 90) <= 0.01)
        #expect(m.boneLevelMm.lingual < 0.15)
        // The buccal site averages the 9 sectors within ±22.5°, all at 4 mm.
        #expect(abs(m.boneLevelMm.buccal - 4) <= 0.011)
        #expect(m.defect.monjeClass == "Ia")
        // The lost plate: ridge half-width at the mid-defect depth (2 mm) minus the implant radius.
        #expect(abs(m.defect.widthMm - (4 + 0.12 * 2 - 2)) <= 0.02)
    }

    /// Ib's moat covers the buccal half, so its edges lie on the mesial (90°) and distal (270°) sectors' centre
    /// lines. A sector's level is the mean over its 5° wedge: half the moat's depth there, the whole depth one
    /// sector towards buccal, none one sector towards lingual. The mesial site averages the 9 sectors 70–110°:
    /// (4 × 3 + 1.5 + 4 × 0) / 9 = 1.5 mm, give or take the crest's curvature (≤ 0.01 mm here).
    @Test func aHalfMoatEndsHalfWayThroughTheMesialAndDistalSectors() throws {
        let m = try truth(DefectSpec(schwarzClass: "Ib", depthMm: 3, widthMm: 1.0))
        for angle in [90.0, 270] {
            #expect(abs(sector(m, angle) - 1.5) <= 0.011, "sector \(angle)°: \(sector(m, angle))")
        }
        #expect(abs(sector(m, 85) - 3) <= 0.011 && abs(sector(m, 275) - 3) <= 0.011)
        #expect(sector(m, 95) <= 0.02 && sector(m, 265) <= 0.02)
        #expect(abs(m.boneLevelMm.mesial - 1.5) <= 0.02 && abs(m.boneLevelMm.distal - 1.5) <= 0.02)
    }

    @Test func supracrestalDefectLowersTheCrest() throws {
        let m = try truth(DefectSpec(schwarzClass: "II", depthMm: 5))
        for s in m.sectors { #expect(abs(s.boneLevelMm - 5) <= 0.011, "sector \(s.angleDeg)°") }
        #expect(m.defect.monjeClass == "II" && m.defect.monjeSeverity == "advanced")
        #expect(m.boneLossPercent > 50)
    }

    @Test func wallsRidgeAndApexMatchTheRidgeGeometry() throws {
        let m = try truth { $0.anatomy.ridgeHeightMm = 14 }
        let mid = m.wallThicknessMm.first { $0.label == "mid" }!
        // At 4 mm depth the ridge is 4 + 0.12 × 4 = 4.48 mm each side of the centre; the implant takes 2.
        #expect(abs(mid.buccal - 2.48) <= 0.011 && abs(mid.lingual - 2.48) <= 0.011)
        for w in m.ridgeWidthMm { #expect(abs(w.widthMm - (8 + 0.24 * w.depthMm)) <= 0.02, "ridge at \(w.depthMm) mm") }
        // Apex at 8 mm, ridge base at 14 mm.
        #expect(abs(m.boneBeyondApexMm - 6) <= 0.011)
        #expect(!m.quality.flags.contains("thinBuccalWall"))
    }

    @Test func thinBuccalWallIsPlacedAndFlagged() throws {
        let m = try truth(buccalWall: 0.8)
        let mid = m.wallThicknessMm.first { $0.label == "mid" }!
        #expect(abs(mid.buccal - 0.8) <= 0.011)
        #expect(m.quality.flags.contains("thinBuccalWall"))
    }

    /// A tilted implant keeps the buccal wall it was asked for at mid-implant. Placed by its shoulder alone, the
    /// middle of this 8 mm implant tilted 12° lay 4 · tan 12° = 0.85 mm to the side: with its apex buccal, the wall
    /// read 0.36 mm for 1.2 (0.15 mm tilted 15°; through a thinner wall it left the ridge); with its apex lingual, 2.2 mm.
    @Test(arguments: [(-12.0, 6.0), (12.0, -6.0), (-15.0, 0.0)])
    func tiltedImplantKeepsItsBuccalWallAtMidImplant(buccal: Double, mesial: Double) throws {
        let m = try truth(buccalWall: 1.2) {
            $0.implants[0].tiltBuccalDeg = buccal
            $0.implants[0].tiltMesialDeg = mesial
        }
        let mid = m.wallThicknessMm.first { $0.label == "mid" }!
        // The truth's wall is read in 0.005 mm steps along the ray.
        #expect(abs(mid.buccal - 1.2) <= 0.011)
    }

    @Test func uniformBoneShellsHoldItsDensity() throws {
        var spec = uniformBoneSpec(threads: true)
        spec.anatomy.ridgeHeightMm = 14
        spec.anatomy.ridgeWidthMm = 14  // the 3 mm shells stay inside the bone
        let m = try PhantomGenerator.generate(spec, seed: 3).truth.implants[0]
        for shell in m.densityShells where shell.third != "coronal" {
            #expect(abs(shell.mean - uniformBoneHU) < 1e-6 && shell.sd < 1e-6 && shell.p10 == uniformBoneHU)
        }
        // Shell 1–2 mm, middle third: π((r+2)² − (r+1)²) × L/3 with r = 2 mm, in 0.3 mm voxels.
        let expected = Double.pi * (16 - 9) * (8.0 / 3) / 0.027
        let shell = m.densityShells.first { $0.innerMm == 1 && $0.third == "middle" }!
        #expect(abs(Double(shell.voxelCount) - expected) / expected < 0.01)
        // The coronal shells reach the soft tissue over the rounded crest; the 1000 HU bone elsewhere is D2.
        #expect(m.mischClass == "D2")
    }

    @Test func aDefectWallInsideAShellIsIntegratedWhereItStands() throws {
        // A circumferential defect 1.24 mm wide reaching below the middle third: its wall stands 0.24 mm inside the
        // 1–2 mm shell, between two of the shell's 0.1 mm cells' midpoints. By volume (r = 2 mm) the shell holds
        // ((r + 1.24)² − (r + 1)²) / ((r + 2)² − (r + 1)²) = 1.4976 / 7 of soft tissue. The midpoint rule alone
        // counted 1.24 / 7 (the wall at 1.2 mm): 831.8 HU for 796.8.
        var spec = uniformBoneSpec(threads: true)
        spec.anatomy.ridgeHeightMm = 14
        spec.anatomy.ridgeWidthMm = 14
        spec.implants[0].defect = DefectSpec(schwarzClass: "Ie", depthMm: 6, widthMm: 1.24)
        let m = try PhantomGenerator.generate(spec, seed: 3).truth.implants[0]
        let soft = 1.4976 / 7, expected = uniformBoneHU * (1 - soft) + spec.anatomy.softTissueHU * soft
        let shell = m.densityShells.first { $0.innerMm == 1 && $0.third == "middle" }!
        #expect(abs(shell.mean - expected) < 1)
        let outer = m.densityShells.first { $0.innerMm == 2 && $0.third == "middle" }!
        #expect(abs(outer.mean - uniformBoneHU) < 1e-6)
    }

    @Test func poseRotatesTheAxisAndShoulderIntoTheScanner() throws {
        let upright = try truth()
        let turned = try truth { $0.pose = PoseSpec(rotationDeg: [0, 0, 90], shiftMm: [1, 2, 3]) }
        // Rotating 90° about z maps (x, y, z) to (−y, x, z), then the shift applies.
        let s = upright.shoulderMm
        #expect(abs(turned.shoulderMm[0] - (-s[1] + 1)) < 1e-9 && abs(turned.shoulderMm[1] - (s[0] + 2)) < 1e-9)
        #expect(abs(turned.shoulderMm[2] - (s[2] + 3)) < 1e-9)
        #expect(turned.sectors == upright.sectors)
        #expect(abs(turned.axis[2] - 1) < 1e-12)
    }
}
