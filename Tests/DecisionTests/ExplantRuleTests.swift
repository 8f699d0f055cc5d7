import Foundation
import Measurements
import Testing
@testable import Decision

@Suite struct ExplantRuleTests {
    @Test(arguments: [(4.99, false), (5.01, true)])
    func boneLossAboveHalfTheLength(lossMm: Double, explant: Bool) {
        let r = decide(implant(boneLossMm: lossMm, schwarz: "II", monje: "II"), quiet)
        #expect((r.treatment == .explant) == explant)
        #expect(r.entry(RuleID.explantBoneLoss)?.outcome == (explant ? .fired : .notFired))
    }

    @Test(arguments: [RuleID.explantMobility, RuleID.explantFracture, RuleID.explantNerveOrMalposition,
                      RuleID.explantTitaniumAllergy])
    func findingAloneExplantsDespiteLittleBoneLoss(rule: String) {
        let f = findings {
            switch rule {
            case RuleID.explantMobility: $0.mobility = true
            case RuleID.explantFracture: $0.implantFracture = true
            case RuleID.explantNerveOrMalposition: $0.nerveInvolvementOrMalposition = true
            default: $0.titaniumAllergy = true
            }
        }
        let r = decide(implant(boneLossMm: 0.5), f)
        #expect(r.treatment == .explant)
        #expect(r.entry(rule)?.outcome == .fired)
        #expect(decide(implant(boneLossMm: 0.5), quiet).treatment == .maintenance)
    }

    /// A material the scan could not read (metal and air clipped, `MaterialClassifier`) may be titanium.
    @Test func titaniumAllergyRemovesAnImplantOfUnknownMaterial() {
        let r = decide(implant(material: "unknown"), findings { $0.titaniumAllergy = true })
        #expect(r.treatment == .explant)
        #expect(r.entry(RuleID.explantTitaniumAllergy)?.outcome == .fired)
    }

    @Test func titaniumAllergyDoesNotRemoveZirconia() {
        let r = decide(implant(material: "zirconia"), findings { $0.titaniumAllergy = true })
        #expect(r.treatment == .maintenance)
        #expect(r.entry(RuleID.explantTitaniumAllergy)?.outcome == .notFired)
    }
}
