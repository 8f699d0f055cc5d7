import Foundation
import Measurements
import Testing
@testable import Decision

@Suite struct FindingsFileTests {
    @Test func decodesEveryField() throws {
        let json = #"""
        {"probingDepthMm": 6.5, "bleedingOnProbing": true, "suppuration": false, "mobility": false, "pain": false,
         "acuteInfection": false, "implantFracture": false, "nerveInvolvementOrMalposition": false, "titaniumAllergy": false,
         "diabetes": "controlled", "cigarettesPerDay": 10,
         "implantSystem": {"nominalDiameterMm": 4.1, "nominalLengthMm": 10, "collarMm": 1.8},
         "placementDate": "2019-03-14", "priorTreatment": "non-surgical debridement 2023", "baselineBoneLevelMm": 0.4}
        """#
        let f = try DecisionFile.findings(Data(json.utf8), path: "f.json")
        #expect(f.probingDepthMm == 6.5)
        #expect(f.diabetes == .controlled)
        #expect(f.implantSystem?.collarMm == 1.8)
        #expect(f.placementDate == "2019-03-14")
    }

    @Test(arguments: [
        (#"{"bleedingOnProbbing": true}"#, "f.json: bleedingOnProbbing: unknown key"),
        (#"{"implantSystem": {"diameterMm": 4}}"#, "f.json: implantSystem.diameterMm: unknown key"),
        (#"{"diabetes": "type2"}"#, "f.json: diabetes: \"type2\" is not one of none, controlled, uncontrolled"),
        (#"{"probingDepthMm": "deep"}"#, "f.json: probingDepthMm: wrong type"),
        (#"{"placementDate": "2019-02-30"}"#, "f.json: placementDate: \"2019-02-30\" is not a date"),
        (#"{"probingDepthMm": -1}"#, "f.json: probingDepthMm: must be 0 or more"),
    ])
    func badFindingsRefused(json: String, messageStart: String) {
        do {
            _ = try DecisionFile.findings(Data(json.utf8), path: "f.json")
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description.hasPrefix(messageStart), "\(error.description)")
        }
    }

    @Test func collarFromTheChartIsSubtracted() {
        // 4 mm to first contact with a 1.5 mm collar: 2.5 mm of loss → below the 3 mm peri-implantitis level.
        let f = findings { $0.bleedingOnProbing = true; $0.probingDepthMm = 7; $0.implantSystem = .init(collarMm: 1.5) }
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), f)
        #expect(r.diagnosis == .mucositis)
        #expect(r.outcome == .satisfactory)
    }
}
