import Decision
import Foundation
import ImplantAnalysis
import Measurements
import ScanIO
import Testing

/// End to end: each SampleScan loaded, analysed and decided, as `implantscan analyze` does, gives the
/// recommendation a clinician would expect (issue 5).
@Suite struct SampleScanRecommendationTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleScans").path

    func recommend(_ name: String, findings: ClinicalFindings? = nil) throws -> [Recommendation] {
        let scan = try ScanLoader.load(path: Self.samples + "/" + name)
        let m = ImplantAnalyzer.analyze(scan.volume, source: name)
        return m.implants.map { Decision.decide(implant: $0, findings: findings, rules: .standard) }
    }

    func findings(_ json: String) throws -> ClinicalFindings {
        try DecisionFile.findings(Data(json.utf8), path: "test.json")
    }

    @Test func healthyImplantIsMaintained() throws {
        let r = try recommend("healthy", findings: try findings(#"{"bleedingOnProbing": false, "suppuration": false, "probingDepthMm": 3}"#))
        #expect(r.count == 1)
        #expect(r[0].diagnosis.rawValue == "health" && r[0].treatment.rawValue == "maintenance")
        #expect(r[0].reimplantation.rawValue == "not-applicable")
    }

    @Test func supracrestalLossBeyondHalfTheImplantIsRemovedAndStaged() throws {
        let r = try recommend("supracrestal-removal")
        #expect(r.count == 1)
        #expect(r[0].treatment.rawValue == "explant")
        #expect(r[0].reimplantation.rawValue == "delayed")
        #expect(r[0].graft.rawValue == "staged-augmentation")
        #expect(r[0].trace.contains { $0.ruleId == "explant.boneLoss" && $0.outcome.rawValue == "fired" })
    }

    @Test func dehiscenceOnAThinWallIsNeverImmediate() throws {
        for f in [nil, try findings(#"{"bleedingOnProbing": true, "probingDepthMm": 7, "acuteInfection": false, "diabetes": "none"}"#)] {
            let r = try recommend("dehiscence-ia", findings: f)
            #expect(r.count == 1 && r[0].reimplantation.rawValue != "immediate")
        }
    }

    @Test func acuteInfectionIsNeverImmediate() throws {
        let infected = try findings(#"{"bleedingOnProbing": true, "suppuration": true, "probingDepthMm": 8, "acuteInfection": true, "mobility": true}"#)
        for name in ["healthy", "intrabony-ie", "supracrestal-removal"] {
            let r = try recommend(name, findings: infected)
            #expect(r.allSatisfy { $0.treatment.rawValue == "explant" && $0.reimplantation.rawValue != "immediate" }, "\(name)")
        }
    }

    @Test func intrabonyDefectWithInflammationIsTreatedRegeneratively() throws {
        let r = try recommend("intrabony-ie", findings: try findings(#"{"bleedingOnProbing": true, "probingDepthMm": 7}"#))
        #expect(r.count == 1)
        #expect(r[0].diagnosis.rawValue == "periimplantitis" && r[0].treatment.rawValue == "surgical-regenerative")
    }
}
