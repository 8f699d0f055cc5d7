import Foundation
import Measurements
import Testing
@testable import Decision

@Suite struct TreatmentRuleTests {
    @Test(arguments: [
        (2.0, "Ie", false, Recommendation.Treatment.nonsurgical),   // early peri-implantitis
        (4.0, "Ie", false, .surgicalRegenerative),                   // intrabony, contained
        (4.0, "Ib", false, .surgicalRegenerative),
        (4.0, "II", false, .surgicalResective),                      // supracrestal
        (4.0, "Ie", true, .nonsurgical),                             // mucositis (probing 5 mm)
    ])
    func byDefectAndSeverity(lossMm: Double, schwarz: String, shallow: Bool, expected: Recommendation.Treatment) {
        // Bone level ≥ 3 mm is needed for peri-implantitis without a baseline: the early case uses a baseline.
        let f = findings {
            $0.bleedingOnProbing = true
            $0.probingDepthMm = shallow ? 5 : 7
            if lossMm < 3 { $0.baselineBoneLevelMm = 0 }
        }
        #expect(decide(implant(boneLossMm: lossMm, schwarz: schwarz), f).treatment == expected)
    }
}
