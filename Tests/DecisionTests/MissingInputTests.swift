import Foundation
import Measurements
import Testing
@testable import Decision

@Suite struct MissingInputTests {
    @Test func scanAloneIsUndeterminedAndSaysWhy() {
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), nil)
        #expect(r.diagnosis == .undetermined)
        #expect(r.missingInputs == ["findings", "mobility", "implantFracture", "nerveInvolvementOrMalposition",
                                    "titaniumAllergy", "bleedingOnProbing", "suppuration", "probingDepthMm"])
        #expect(r.entry(RuleID.diagnosisInflammation)?.outcome == .blocked)
        #expect(r.severity == .moderate)
        #expect(r.sentence.contains("provisional"))
    }

    @Test func scanAloneOfAHealthyImplantIsMaintenance() {
        let r = decide(implant(boneLossMm: 0.2), nil)
        #expect(r.treatment == .maintenance)
        #expect(!r.missingInputs.contains("probingDepthMm"))
    }

    @Test func bleedingMissing() {
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), findings { $0.bleedingOnProbing = nil; $0.probingDepthMm = 7 })
        #expect(r.diagnosis == .undetermined)
        #expect(r.missingInputs == ["bleedingOnProbing"])
    }

    @Test func probingDepthMissing() {
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), findings { $0.bleedingOnProbing = true; $0.probingDepthMm = nil })
        #expect(r.diagnosis == .undetermined)
        #expect(r.missingInputs == ["probingDepthMm"])
        #expect(r.entry(RuleID.diagnosisBoneNoBaseline)?.outcome == .blocked)
    }

    @Test func baselineReplacesProbingDepth() {
        let f = findings { $0.bleedingOnProbing = true; $0.probingDepthMm = nil; $0.baselineBoneLevelMm = 1 }
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), f)
        #expect(r.diagnosis == .periimplantitis)
        #expect(r.missingInputs.isEmpty)
    }

    @Test func missingInfectionBlocksImmediate() {
        let r = decide(implant(), findings({ $0.acuteInfection = nil }, from: mobile))
        #expect(r.reimplantation == .early)
        #expect(r.missingInputs == ["acuteInfection"])
        #expect(r.entry(RuleID.reimplantImmediate)?.outcome == .blocked)
    }
}
