import Foundation
import Measurements
import Testing
@testable import Decision

@Suite struct GraftRuleTests {
    @Test(arguments: [(4.9, Recommendation.Graft.stagedAugmentation), (5.1, .none)])
    func ridgeWidth(ridgeMm: Double, expected: Recommendation.Graft) {
        let r = decide(implant(ridgeMm: ridgeMm), mobile)
        #expect(r.graft == expected)
        #expect(r.reimplantation == (expected == .stagedAugmentation ? .delayed : .immediate))
    }

    @Test(arguments: [(1.9, Recommendation.Graft.none), (2.0, .gapFill)])
    func gapToTheWall(gapMm: Double, expected: Recommendation.Graft) {
        let r = decide(implant(boneLossMm: 2, schwarz: "Ie", gapMm: gapMm), mobile)
        #expect(r.graft == expected)
        #expect(r.reimplantation == .immediate)
    }

    @Test(arguments: [("Ib", Recommendation.Graft.simultaneousGBR), ("Ic", .simultaneousGBR), ("Ia", .stagedAugmentation),
                      ("Id", .stagedAugmentation), ("II", .stagedAugmentation)])
    func byDefectClass(schwarz: String, expected: Recommendation.Graft) {
        #expect(decide(implant(boneLossMm: 3, schwarz: schwarz, gapMm: 1), mobile).graft == expected)
    }

    @Test func healingByTimingAndGraft() {
        let staged = decide(implant(boneLossMm: 6, schwarz: "II", monje: "II", ridgeMm: 0), nil)
        #expect(staged.treatment == .explant)
        #expect(staged.reimplantation == .delayed)
        #expect(staged.graft == .stagedAugmentation)
        #expect(staged.healingWeeks == .init(min: 17, max: 39))
        let earlyGBR = decide(implant(boneLossMm: 3, schwarz: "Ib", facialWallMm: 0.8), mobile)
        #expect(earlyGBR.reimplantation == .early)
        #expect(earlyGBR.graft == .simultaneousGBR)
        #expect(earlyGBR.healingWeeks == .init(min: 12, max: 16))
        #expect(decide(implant(), mobile).healingWeeks == .init(min: 0, max: 0))
    }
}
