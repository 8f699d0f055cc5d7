import Foundation
import Measurements
import Testing
@testable import Evaluation

@Suite struct ImplantErrorsTests {
    @Test func identicalImplantHasNoError() {
        let t = truthImplant()
        let e = ImplantErrors(measured: t, truth: t)
        #expect(e.boneLevelMm == SiteValues(mesial: 0, distal: 0, buccal: 0, lingual: 0, max: 0))
        #expect(e.sectorMeanAbsMm == 0 && e.sectorWorstAbsMm == 0)
        #expect(e.sectorsCompared == 72 && e.sectorsNotCompared == 0)
        #expect(e.lengthMm == 0 && e.diameterMm == 0 && e.axisDeg == 0 && e.shoulderMm == 0)
        #expect(e.walls.count == 8 && e.walls.allSatisfy { $0.errorMm == 0 })
        #expect(e.densityShells.count == 6 && e.densityShells.allSatisfy { $0.error == 0 })
        #expect(e.schwarzClass.right && e.material.right && e.thinWallFlag.right)
    }

    /// The defect width is compared only where both read a moat round the implant.
    @Test func defectWidthIsComparedBetweenMoats() {
        var t = truthImplant()
        t.defect = DefectMeasurement(schwarzClass: "Ie", monjeClass: "Ic", monjeSeverity: "moderate", depthMm: 4, widthMm: 1.5)
        var m = t
        m.defect.widthMm = 1.7
        #expect(abs(ImplantErrors(measured: m, truth: t).defectWidthMm! - 0.2) < 1e-12)
        m.defect.schwarzClass = "Ia"
        #expect(ImplantErrors(measured: m, truth: t).defectWidthMm == nil)
    }

    @Test func siteBoneLevelsAreSignedDifferences() {
        let t = truthImplant()
        var m = t
        m.boneLevelMm.mesial += 0.3
        m.boneLevelMm.buccal -= 0.2
        m.boneLevelMm.max += 0.45
        let e = ImplantErrors(measured: m, truth: t)
        #expect(abs(e.boneLevelMm.mesial - 0.3) < 1e-12)
        #expect(abs(e.boneLevelMm.buccal + 0.2) < 1e-12)
        #expect(abs(e.boneLevelMm.max - 0.45) < 1e-12)
        #expect(e.boneLevelMm.distal == 0 && e.boneLevelMm.lingual == 0)
    }

    @Test func theBuccalDirectionIsATurnTowardsTheTruthsMesial() {
        // Truth: buccal −y, mesial −x (Fixtures). Turned 30° towards mesial: (−sin 30°, −cos 30°, 0).
        let t = truthImplant()
        var m = t
        m.buccalDirection = [-0.5, -0.75.squareRoot(), 0]
        #expect(abs(ImplantErrors(measured: m, truth: t).buccalDirectionDeg! - 30) < 1e-9)
        m.buccalDirection = [0.5, -0.75.squareRoot(), 0]
        #expect(abs(ImplantErrors(measured: m, truth: t).buccalDirectionDeg! + 30) < 1e-9)
        m.buccalDirection = [0, 1, 0]
        #expect(abs(abs(ImplantErrors(measured: m, truth: t).buccalDirectionDeg!) - 180) < 1e-9)
        m.buccalDirection = nil
        #expect(ImplantErrors(measured: m, truth: t).buccalDirectionDeg == nil)
    }

    @Test func sectorsArePairedByAngleNotByPosition() {
        let t = truthImplant()
        var m = t
        // The same profile listed from 5° on, with 0° written as 360° and 90° as −270°; one sector 0.4 mm off.
        m.sectors = Array(t.sectors[1...]) + [SectorBoneLevel(angleDeg: 360, boneLevelMm: t.sectors[0].boneLevelMm)]
        let at90 = m.sectors.firstIndex { $0.angleDeg == 90 }!
        m.sectors[at90].angleDeg = -270
        m.sectors[m.sectors.firstIndex { $0.angleDeg == 185 }!].boneLevelMm += 0.4
        let e = ImplantErrors(measured: m, truth: t)
        #expect(e.sectorsCompared == 72)
        #expect(abs(e.sectorWorstAbsMm! - 0.4) < 1e-12)
        #expect(e.sectorWorstAngleDeg == 185)
        #expect(abs(e.sectorMeanAbsMm! - 0.4 / 72) < 1e-12)
    }

    @Test func aProfileShiftedByOneSectorShowsTheNeighboursDifference() {
        // Values moved 5° round (each angle gets its neighbour's level): every sector is 0.01 mm off,
        // except 0°, which gets 355°'s level (0.71 mm off).
        let t = truthImplant()
        var m = t
        m.sectors = t.sectors.map { SectorBoneLevel(angleDeg: ($0.angleDeg + 5).truncatingRemainder(dividingBy: 360),
                                                    boneLevelMm: $0.boneLevelMm) }
        let e = ImplantErrors(measured: m, truth: t)
        #expect(abs(e.sectorWorstAbsMm! - 0.71) < 1e-12)
        #expect(e.sectorWorstAngleDeg == 0)
        #expect(abs(e.sectorMeanAbsMm! - (71 * 0.01 + 0.71) / 72) < 1e-12)
    }

    @Test func sectorsTooFarOffOrUnmeasuredAreNotCompared() {
        let t = truthImplant()
        var m = t
        // A coarser profile: 36 sectors of 10°; truth sectors at 5°, 15°, … are 5° from any of them, beyond
        // half a truth sector (2.5°).
        m.sectors = stride(from: 0.0, to: 360, by: 10).map { a in t.sectors.first { $0.angleDeg == a }! }
        m.quality.unmeasuredSectorsDeg = [0, 180]
        let e = ImplantErrors(measured: m, truth: t)
        #expect(e.sectorsCompared == 34)
        #expect(e.sectorsNotCompared == 38)
        #expect(e.sectorWorstAbsMm == 0)
    }

    @Test func axisOneDegreeOffGivesOneDegree() {
        let t = truthImplant()
        var m = t
        let r = 1.0 * .pi / 180
        m.axis = [0, sin(r), cos(r)]
        #expect(abs(ImplantErrors(measured: m, truth: t).axisDeg - 1.0) < 1e-9)
        // Not normalised, and tilted about another axis: still 1°.
        m.axis = [2 * sin(r), 0, 2 * cos(r)]
        #expect(abs(ImplantErrors(measured: m, truth: t).axisDeg - 1.0) < 1e-9)
        // Reversed (shoulder and apex swapped): 180°.
        m.axis = [0, 0, -1]
        #expect(abs(ImplantErrors(measured: m, truth: t).axisDeg - 180) < 1e-9)
    }

    @Test func lengthDiameterAndShoulder() {
        let t = truthImplant()
        var m = moved(t, by: [0.3, 0, 0.4])
        m.lengthMm = 10.15
        m.diameterMm = 3.9
        let e = ImplantErrors(measured: m, truth: t)
        #expect(abs(e.lengthMm - 0.15) < 1e-12)
        #expect(abs(e.diameterMm + 0.2) < 1e-12)
        #expect(abs(e.shoulderMm - 0.5) < 1e-12)
    }

    @Test func wallsUnderOneMillimetreAreLeftOut() {
        // Buccal truth: 0.8 (thin), 1.0 (measured: the flag's limit is inclusive but 1.0 is not thinner),
        // 0 (no wall), 2.0; lingual all 2.0.
        let t = truthImplant(buccalWalls: [0.8, 1.0, 0, 2.0], flags: ["thinBuccalWall"])
        var m = t
        m.wallThicknessMm = m.wallThicknessMm.map { w in
            var w = w
            w.buccal += 0.25
            w.lingual -= 0.1
            return w
        }
        let e = ImplantErrors(measured: m, truth: t)
        let buccal = e.walls.filter { $0.side == "buccal" }
        #expect(buccal.map(\.label) == ["3mm", "mid"])
        #expect(buccal.allSatisfy { abs($0.errorMm - 0.25) < 1e-12 })
        #expect(e.walls.filter { $0.side == "lingual" }.count == 4)
        #expect(e.thinWallsExcluded == 2)
        #expect(e.wallsMissing == 0)
        #expect(e.thinWallFlag == ClassOutcome(truth: "thinBuccalWall", measured: "thinBuccalWall"))
    }

    @Test func wallsAtTheirSidesBoneLevelAreMarked() {
        // The fixture's buccal sector (0°) reads 1.0 mm and its lingual (180°) 1.36: the buccal 1 mm row stands at
        // the level (0 ≤ 0.25 mm), the lingual one does not (0.36). With the buccal level moved to 4.8 mm, the
        // rows at 5 mm and mid (depth 5) are 0.2 mm below it and the 1 mm row is not.
        var t = truthImplant()
        var m = t
        var e = ImplantErrors(measured: m, truth: t)
        #expect(e.walls.filter(\.atBoneLevel).map { "\($0.side) \($0.label)" } == ["buccal 1mm"])
        #expect(e.wallAtBoneLevelFlag == ClassOutcome(truth: "wallAtBoneLevel", measured: "none"))

        t.sectors[0].boneLevelMm = 4.8
        m.quality.flags = ["wallAtBoneLevel"]
        e = ImplantErrors(measured: m, truth: t)
        #expect(e.walls.filter(\.atBoneLevel).map { "\($0.side) \($0.label)" } == ["buccal 5mm", "buccal mid"])
        #expect(e.wallAtBoneLevelFlag.right)

        // Lingual 1.36 → 3.3: its 3 mm row, 0.3 mm above, is not at the level; at 3.2 it is.
        t.sectors[0].boneLevelMm = 10
        t.sectors[36].boneLevelMm = 3.3
        e = ImplantErrors(measured: m, truth: t)
        #expect(e.walls.filter(\.atBoneLevel).isEmpty)
        #expect(e.wallAtBoneLevelFlag == ClassOutcome(truth: "none", measured: "wallAtBoneLevel"))
        t.sectors[36].boneLevelMm = 3.2
        e = ImplantErrors(measured: m, truth: t)
        #expect(e.walls.filter(\.atBoneLevel).map { "\($0.side) \($0.label)" } == ["lingual 3mm"])
    }

    @Test func unreportedWallsAndMissedFlagAreCounted() {
        let t = truthImplant(buccalWalls: [0.8, 1.5, 1.5, 1.5], flags: ["thinBuccalWall"])
        var m = t
        m.wallThicknessMm.removeAll { $0.label == "mid" }
        m.quality.flags = []
        let e = ImplantErrors(measured: m, truth: t)
        #expect(e.wallsMissing == 2)
        #expect(e.walls.count == 5)
        #expect(!e.thinWallFlag.right)
    }

    @Test func densityIsComparedInTheScansGrayValues() {
        // gray = HU × 0.9 − 60: the truth's 800 HU reads 660; a measured 680 is 20 off.
        let t = truthImplant()
        var m = t
        m.densityShells = m.densityShells.map { s in
            var s = s
            s.mean = 680
            return s
        }
        m.densityShells.removeLast()
        let e = ImplantErrors(measured: m, truth: t, grayScale: 0.9, grayOffset: -60)
        #expect(e.densityShells.count == 5)
        #expect(e.shellsMissing == 1)
        #expect(e.densityShells.allSatisfy { abs($0.truthGray - 660) < 1e-9 && abs($0.error - 20) < 1e-9 })
    }

    @Test func classAndMaterialRightOrWrong() {
        let t = truthImplant()
        var m = t
        m.defect.schwarzClass = "Ic"
        m.material = "zirconia"
        let e = ImplantErrors(measured: m, truth: t)
        #expect(e.schwarzClass == ClassOutcome(truth: "Ie", measured: "Ic"))
        #expect(!e.schwarzClass.right)
        #expect(!e.material.right)
        m.defect.schwarzClass = "Ie"
        #expect(ImplantErrors(measured: m, truth: t).schwarzClass.right)
    }

    @Test func angleDifferencesWrapAroundTheCircle() {
        #expect(ImplantErrors.angleBetween(355, 5) == 10)
        #expect(ImplantErrors.angleBetween(-270, 90) == 0)
        #expect(ImplantErrors.angleBetween(0, 180) == 180)
        #expect(ImplantErrors.angleBetween(720, 0) == 0)
    }
}
