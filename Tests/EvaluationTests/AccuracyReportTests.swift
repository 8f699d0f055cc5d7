import Foundation
import Measurements
import Testing
@testable import Evaluation

/// A case with one implant whose mesial bone level is `mesialError` mm off (and Schwarz class `schwarz`).
func oneImplantCase(_ label: String, voxelMm: Double, mesialError: Double = 0, schwarz: String = "Ie",
                    axisDeg: Double = 0, extra: [ImplantMeasurement] = []) -> CaseResult {
    let t = truthImplant(voxelMm: voxelMm)
    var m = t
    m.boneLevelMm.mesial += mesialError
    m.defect.schwarzClass = schwarz
    let r = axisDeg * .pi / 180
    m.axis = [sin(r), 0, cos(r)]
    return CaseResult(label: label, seed: 1, voxelMm: voxelMm, truth: [t], nonImplantMetalObjects: 0,
                      grayScale: 1, grayOffset: 0, measured: scan([m] + extra))
}

func row(_ report: AccuracyReport, _ metric: String, _ voxels: String = "all") -> MetricRow {
    report.metrics.first { $0.metric == metric && $0.voxels == voxels }!
}

@Suite struct AccuracyReportTests {
    @Test func meanAbsoluteErrorBiasAndWorst() {
        // Fine voxels: +0.3 and −0.3 → MAE 0.3 (over the 0.25 target), bias 0, worst 0.3.
        let report = AccuracyReport(cases: [oneImplantCase("a", voxelMm: 0.2, mesialError: 0.3),
                                            oneImplantCase("b", voxelMm: 0.25, mesialError: -0.3)])
        let mesial = row(report, "bone level mesial", "≤ 0.25 mm")
        #expect(mesial.count == 2)
        #expect(abs(mesial.meanAbsolute! - 0.3) < 1e-12)
        #expect(abs(mesial.bias!) < 1e-12)
        #expect(abs(mesial.worst! - 0.3) < 1e-12)
        #expect(mesial.pass == false)
        #expect(row(report, "bone level mesial", "> 0.25 mm").count == 0)
        #expect(row(report, "bone level mesial", "> 0.25 mm").pass == nil)
        #expect(row(report, "bone level distal", "≤ 0.25 mm").pass == true)
        #expect(!report.passed)
    }

    @Test func fineVoxelTargetNeedsBothMeanAndWorst() {
        // MAE 0.2 but one error of 0.55 > 0.5.
        let cases = [0.55, 0.05, 0.0].enumerated().map { oneImplantCase("c\($0)", voxelMm: 0.15, mesialError: $1) }
        let mesial = row(AccuracyReport(cases: cases), "bone level mesial", "≤ 0.25 mm")
        #expect(abs(mesial.meanAbsolute! - 0.2) < 1e-12)
        #expect(mesial.worstAt == "c0 #0")
        #expect(mesial.pass == false)
    }

    @Test func coarseVoxelsAreHeldToOneVoxel() {
        // 0.3 mm off at 0.4 mm voxels is 0.75 voxel: pass; 0.5 mm off at 0.3 mm is 1.67 voxel.
        let good = row(AccuracyReport(cases: [oneImplantCase("a", voxelMm: 0.4, mesialError: 0.3)]),
                       "bone level mesial", "> 0.25 mm")
        #expect(abs(good.meanAbsoluteVoxels! - 0.75) < 1e-12)
        #expect(good.pass == true)
        let bad = row(AccuracyReport(cases: [oneImplantCase("a", voxelMm: 0.3, mesialError: 0.5)]),
                      "bone level mesial", "> 0.25 mm")
        #expect(bad.pass == false)
        #expect(row(AccuracyReport(cases: [oneImplantCase("a", voxelMm: 0.3)]), "bone level mesial", "≤ 0.25 mm").count == 0)
    }

    @Test func axisRowAndItsTarget() {
        let report = AccuracyReport(cases: [oneImplantCase("a", voxelMm: 0.2, axisDeg: 1),
                                            oneImplantCase("b", voxelMm: 0.3, axisDeg: 0.5)])
        let axis = row(report, "axis")
        #expect(abs(axis.worst! - 1) < 1e-9)
        #expect(abs(axis.meanAbsolute! - 0.75) < 1e-9)
        #expect(axis.bias == nil)
        #expect(axis.pass == true)
    }

    @Test func classAccuracyAgainstNinetyPercent() {
        let nineOfTen = (0..<10).map { oneImplantCase("c\($0)", voxelMm: 0.2, schwarz: $0 == 0 ? "II" : "Ie") }
        let schwarz = AccuracyReport(cases: nineOfTen).classes.first { $0.metric == "Schwarz class" }!
        #expect(schwarz.right == 9 && schwarz.count == 10)
        #expect(abs(schwarz.percentRight! - 90) < 1e-12)
        #expect(schwarz.pass == true)
        let eightOfTen = (0..<10).map { oneImplantCase("c\($0)", voxelMm: 0.2, schwarz: $0 < 2 ? "II" : "Ie") }
        #expect(AccuracyReport(cases: eightOfTen).classes.first { $0.metric == "Schwarz class" }!.pass == false)
    }

    @Test func missedFalseAndFailedImplantsAreCounted() {
        let far = moved(truthImplant(), by: [20, 0, 0])
        let cases = [
            oneImplantCase("a", voxelMm: 0.2, extra: [far]),
            CaseResult(label: "b", seed: 2, voxelMm: 0.2, truthImplants: 2, nonImplantMetalObjects: 1, failure: "boom"),
        ]
        let report = AccuracyReport(cases: cases)
        func count(_ name: String) -> CountRow { report.counts.first { $0.metric == name }! }
        #expect(count("truth implants").count == 3)
        #expect(count("implants found").count == 1)
        #expect(count("implants missed").count == 2)
        #expect(count("implants missed").pass == false)
        #expect(count("false implants").count == 1)
        #expect(count("phantoms that failed").count == 1)
        #expect(count("metal reported as implants").count == 0)
        #expect(count("metal reported as implants").pass == true)
        #expect(report.text.contains("b: failed: boom; missed truth implant(s) #0, #1"))
    }

    @Test func aMissedImplantIsListedWithTheAnalysisReasons() {
        var output = scan([])
        output.excluded = [ExcludedObject(centerMm: [10, 20, 25], volumeMm3: 40.4, reason: "not elongated (crown or filling)")]
        let missed = CaseResult(label: "seed 5", seed: 5, voxelMm: 0.3, truth: [truthImplant()], nonImplantMetalObjects: 0,
                                grayScale: 1, grayOffset: 0, measured: output)
        let text = AccuracyReport(cases: [missed]).text
        #expect(text.contains("seed 5: missed truth implant(s) #0 (excluded: 40 mm³ not elongated (crown or filling))"))
    }

    @Test func aPerfectRunPasses() {
        let report = AccuracyReport(cases: [oneImplantCase("a", voxelMm: 0.2), oneImplantCase("b", voxelMm: 0.4)])
        #expect(report.passed)
        #expect(report.targetsMet == report.targetsChecked)
        // 10 bone-level rows, length, diameter, axis, shoulder, buccal wall, density; Schwarz; 3 counts.
        #expect(report.targetsChecked == 20)
        #expect(report.text.hasSuffix("Result: PASS (20 of 20 target(s) met)"))
    }

    @Test func aWallAtItsBoneLevelIsShownApartFromTheTarget() {
        // The fixture's buccal level is 1.0 mm, so the buccal 1 mm row stands at it: 1.2 mm wrong there, 0.1 mm on the
        // other three rows. The target row (worst ≤ 0.3 mm) holds the three; the row at the level holds the one.
        let t = truthImplant()
        var m = t
        m.wallThicknessMm = m.wallThicknessMm.map { w in
            var w = w
            w.buccal += w.label == "1mm" ? 1.2 : 0.1
            return w
        }
        let report = AccuracyReport(cases: [CaseResult(label: "a", seed: 1, voxelMm: 0.2, truth: [t], nonImplantMetalObjects: 0,
                                                       grayScale: 1, grayOffset: 0, measured: scan([m]))])
        let offLevel = row(report, "buccal wall (truth ≥ 1 mm)"), atLevel = row(report, "buccal wall at bone level")
        #expect(offLevel.count == 3 && abs(offLevel.worst! - 0.1) < 1e-12 && offLevel.pass == true)
        #expect(atLevel.count == 1 && abs(atLevel.worst! - 1.2) < 1e-12 && atLevel.pass == nil)
        #expect(atLevel.worstAt == "a #0 buccal 1mm")
        #expect(report.counts.first { $0.metric == "of them at the bone level" }?.count == 1)
        // The truth has a row at its level and the analysis did not say so.
        #expect(report.classes.first { $0.metric == "wallAtBoneLevel flag" }?.right == 0)
    }

    @Test func nothingCompared() {
        let report = AccuracyReport(cases: [])
        #expect(!report.passed)
        #expect(report.metrics.allSatisfy { $0.count == 0 && $0.pass == nil })
    }

    @Test func textColumnsAreAligned() {
        let report = AccuracyReport(cases: [oneImplantCase("a", voxelMm: 0.2, mesialError: 0.3),
                                            oneImplantCase("b", voxelMm: 0.3, mesialError: -0.1)])
        let lines = report.text.split(separator: "\n").map(String.init)
        let header = lines.first { $0.hasPrefix("quantity") }!
        let targetColumn = header.distance(from: header.startIndex, to: header.range(of: "target")!.lowerBound)
        let fine = lines.first { $0.hasPrefix("bone level mesial") && $0.contains("≤ 0.25 mm") }!
        let coarse = lines.first { $0.hasPrefix("bone level mesial") && $0.contains("> 0.25 mm") }!
        for (line, target) in [(fine, "MAE ≤ 0.25 mm, worst ≤ 0.5 mm"), (coarse, "MAE ≤ 1 voxel")] {
            #expect(line.distance(from: line.startIndex, to: line.range(of: target)!.lowerBound) == targetColumn)
        }
        #expect(fine.contains("0.300") && fine.contains("+0.300") && fine.contains("FAIL") && fine.hasSuffix("a #0"))
        #expect(coarse.contains("0.33") && coarse.contains("pass"))
    }

    @Test func jsonRoundTrips() throws {
        let report = AccuracyReport(cases: [oneImplantCase("a", voxelMm: 0.2, mesialError: 0.3),
                                            oneImplantCase("b", voxelMm: 0.3, schwarz: "II")])
        let decoded = try AccuracyReport.decode(json: Data(report.json().utf8))
        #expect(decoded == report)
        #expect(report.json().contains("\"meanAbsoluteVoxels\""))
    }

    @Test func nonFiniteErrorsFailAndStillEncode() throws {
        let report = AccuracyReport(cases: [oneImplantCase("a", voxelMm: 0.2, mesialError: .nan)])
        let mesial = row(report, "bone level mesial", "≤ 0.25 mm")
        #expect(mesial.worst == .infinity)
        #expect(mesial.pass == false)
        #expect(report.json().contains("\"inf\""))
    }

    @Test func storedValuesBecomeGrayValues() {
        #expect(AccuracyRun.grayValue(stored: 0, intercept: -1100) == (-1100, false))
        #expect(AccuracyRun.grayValue(stored: 4095, intercept: -1100) == (2995, false))
        #expect(AccuracyRun.grayValue(stored: 65535, intercept: -1100) == (Int16.max, true))
    }
}
