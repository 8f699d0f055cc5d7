import Foundation
import Measurements
import Testing
@testable import Decision

@Suite struct ReimplantationRuleTests {
    @Test(arguments: [(0.9, Recommendation.Reimplantation.early), (1.0, .early), (1.1, .immediate)])
    func facialWallThickness(wallMm: Double, expected: Recommendation.Reimplantation) {
        let r = decide(implant(facialWallMm: wallMm), mobile)
        #expect(r.reimplantation == expected)
        #expect(r.entry(RuleID.reimplantImmediate)?.outcome == (expected == .immediate ? .fired : .notFired))
    }

    @Test func acuteInfectionIsNeverImmediate() {
        let r = decide(implant(facialWallMm: 3), findings({ $0.acuteInfection = true }, from: mobile))
        #expect(r.reimplantation == .early)
        #expect(r.healingWeeks == .init(min: 4, max: 8))
    }

    /// Primary stability: ≥ 3 mm beyond the apex, or a ridge of diameter + 2 × 1.5 mm (7.1 mm).
    @Test(arguments: [(2.9, 7.0, Recommendation.Reimplantation.delayed), (3.0, 7.0, .immediate), (2.9, 7.2, .immediate)])
    func primaryStability(apexMm: Double, ridgeMm: Double, expected: Recommendation.Reimplantation) {
        #expect(decide(implant(ridgeMm: ridgeMm, beyondApexMm: apexMm), mobile).reimplantation == expected)
    }

    @Test(arguments: [
        (implant(boneLossMm: 5.1, schwarz: "Ie"), "advanced"),
        (implant(boneLossMm: 3, schwarz: "Ia"), "dehiscence"),
        (implant(boneLossMm: 3, schwarz: "II", monje: "II"), "vertical"),
        (implant(facialWallMm: 0), "no facial wall"),
    ])
    func delayedByTheDefect(_ m: ImplantMeasurement, _ why: String) {
        let r = decide(m, mobile)
        #expect(r.reimplantation == .delayed, "\(why)")
        #expect(r.entry(RuleID.reimplantDelayed)?.outcome == .fired)
    }

    @Test func uncontrolledDiabetesDelays() {
        let f = findings({ $0.diabetes = .uncontrolled }, from: mobile)
        #expect(decide(implant(), f).reimplantation == .delayed)
        #expect(decide(implant(), findings({ $0.diabetes = .controlled }, from: mobile)).reimplantation == .immediate)
        #expect(decide(implant(), f).healingWeeks == .init(min: 26, max: nil))
    }

    @Test func noReimplantationWithoutRemoval() {
        let r = decide(implant(), quiet)
        #expect(r.reimplantation == .notApplicable)
        #expect(r.graft == Recommendation.Graft.none)
        #expect(r.healingWeeks == nil)
    }
}
