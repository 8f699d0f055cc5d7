import Foundation
import Measurements
import Testing
@testable import Decision

@Suite struct ReportTests {
    @Test func findingsWithSeveralImplantsNeedAnImplantNumber() throws {
        let scan = ScanMeasurements(scan: ScanDescriptor(source: "s", size: [1, 1, 1], spacingMm: [0.25, 0.25, 0.25],
                                                         originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
                                                         seriesUID: nil, studyDate: nil, calibrated: true, clampedVoxels: 0),
                                    metalThresholdHU: 2000, implants: [implant(), implant(boneLossMm: 6, schwarz: "II")],
                                    excluded: [], notes: [])
        #expect(throws: DecisionReport.Failure.self) { try DecisionReport.decide(scan, findings: quiet, rules: .standard, implant: nil) }
        #expect(throws: DecisionReport.Failure.self) { try DecisionReport.decide(scan, findings: nil, rules: .standard, implant: 3) }
        let all = try DecisionReport.decide(scan, findings: nil, rules: .standard, implant: nil)
        #expect(all.implants.map(\.implant) == [1, 2])
        #expect(all.implants[1].recommendation.treatment == .explant)
        let one = try DecisionReport.decide(scan, findings: quiet, rules: .standard, implant: 2)
        #expect(one.implants.count == 1)
        let text = RecommendationSummary.text(one)
        #expect(text.hasPrefix("Implant 2: "))
        #expect(text.contains("explant.boneLoss"))
        let round = try JSONDecoder().decode(DecisionReport.self, from: Data(RecommendationSummary.json(one).utf8))
        #expect(round == one)
    }
}
