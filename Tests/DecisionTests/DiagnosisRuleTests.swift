import Foundation
import Measurements
import Testing
@testable import Decision

@Suite struct DiagnosisRuleTests {
    /// Without a baseline: BOP + bone level ≥ 3 mm + probing depth ≥ 6 mm.
    @Test(arguments: [
        (5.9, 4.0, Recommendation.Diagnosis.mucositis),
        (6.0, 4.0, .periimplantitis),
        (7.0, 2.9, .mucositis),
        (7.0, 3.0, .periimplantitis),
    ])
    func probingDepthAndBoneLevel(probingMm: Double, lossMm: Double, expected: Recommendation.Diagnosis) {
        let f = findings { $0.bleedingOnProbing = true; $0.probingDepthMm = probingMm }
        #expect(decide(implant(boneLossMm: lossMm, schwarz: "Ie", monje: "Ic"), f).diagnosis == expected)
    }

    @Test func suppurationAloneCountsAsInflammation() {
        let f = findings { $0.suppuration = true; $0.probingDepthMm = 7 }
        #expect(decide(implant(boneLossMm: 4, schwarz: "Ie"), f).diagnosis == .periimplantitis)
    }

    @Test func noBleedingNoSuppurationIsHealth() {
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), findings { $0.probingDepthMm = 7 })
        #expect(r.diagnosis == .health)
        #expect(r.treatment == .maintenance)
        #expect(r.severity == Recommendation.Severity.none)
    }

    /// With a baseline: progression beyond 2 voxels (0.5 mm at 0.25 mm voxels), probing depth not needed.
    @Test(arguments: [(2.49, Recommendation.Diagnosis.mucositis), (2.51, .periimplantitis)])
    func progressionAgainstBaseline(levelMm: Double, expected: Recommendation.Diagnosis) {
        let f = findings { $0.bleedingOnProbing = true; $0.probingDepthMm = nil; $0.baselineBoneLevelMm = 2.0 }
        let r = decide(implant(boneLossMm: levelMm, schwarz: "Ie"), f)
        #expect(r.diagnosis == expected)
        #expect(r.entry(RuleID.diagnosisProgression) != nil)
        #expect(r.entry(RuleID.diagnosisBoneNoBaseline) == nil)
        #expect(!r.missingInputs.contains("probingDepthMm"))
    }

    @Test(arguments: [(24.9, Recommendation.Severity.early), (25.1, .moderate), (50.0, .moderate), (50.1, .advanced)])
    func severityFroumRosen(percent: Double, expected: Recommendation.Severity) {
        // A baseline at the shoulder makes every case peri-implantitis, also below the 3 mm level.
        let f = findings { $0.bleedingOnProbing = true; $0.baselineBoneLevelMm = 0 }
        #expect(decide(implant(boneLossMm: percent / 10, schwarz: "Ie"), f).severity == expected)
    }

    @Test(arguments: [(1.9, Recommendation.Outcome.success), (2.1, .satisfactory), (4.0, .satisfactory),
                      (4.1, .compromised), (5.1, .failure)])
    func outcomeIcoiPisa(lossMm: Double, expected: Recommendation.Outcome) {
        #expect(decide(implant(boneLossMm: lossMm), quiet).outcome == expected)
    }
}
