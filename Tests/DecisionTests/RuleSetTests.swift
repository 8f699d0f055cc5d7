import Foundation
import Measurements
import Testing
@testable import Decision

@Suite struct RuleSetTests {
    @Test func overrideChangesOutcomeAndHash() throws {
        let data = Data(#"{"version": "clinic", "thresholds": {"explant.boneLoss": {"boneLossPercent": 60}}}"#.utf8)
        let rules = try DecisionFile.rules(data, path: "r.json")
        #expect(rules.version == "2025.1+clinic")
        #expect(rules.value(RuleID.explantBoneLoss, "boneLossPercent") == 60)
        #expect(rules.thresholdsHash != RuleSet.standard.thresholdsHash)
        let m = implant(boneLossMm: 5.5, schwarz: "II", monje: "II")
        #expect(decide(m, quiet).treatment == .explant)
        let r = decide(m, quiet, rules)
        #expect(r.treatment == .surgicalResective || r.treatment == .maintenance)
        #expect(r.treatment != .explant)
        #expect(r.thresholdsHash == rules.thresholdsHash)
        #expect(r.ruleSetVersion == "2025.1+clinic")
    }

    @Test func hashIsStableAndFNV1a() {
        #expect(FNV1a64.hex("") == "cbf29ce484222325")
        #expect(FNV1a64.hex("a") == "af63dc4c8601ec8c")
        #expect(RuleSet.standard.thresholdsHash == RuleSet.standard.thresholdsHash)
    }

    @Test(arguments: [
        (#"{"thresholds": {"explant.boneLos": {"boneLossPercent": 60}}}"#, "r.json: thresholds.explant.boneLos: unknown rule id"),
        (#"{"thresholds": {"explant.boneLoss": {"percent": 60}}}"#, "r.json: thresholds.explant.boneLoss.percent: unknown threshold"),
        (#"{"thresholds": {}, "extra": 1}"#, "r.json: extra: unknown key \"extra\""),
    ])
    func badRulesFileRefused(json: String, messageStart: String) {
        #expect(throws: DecisionFile.Failure.self) { try DecisionFile.rules(Data(json.utf8), path: "r.json") }
        do {
            _ = try DecisionFile.rules(Data(json.utf8), path: "r.json")
        } catch {
            #expect(error.description.hasPrefix(messageStart), "\(error.description)")
        }
    }

    @Test func everyRuleHasASource() {
        #expect(RuleSet.standard.rules.allSatisfy { !$0.source.isEmpty && !$0.description.isEmpty })
        #expect(Set(RuleSet.standard.rules.map(\.id)).count == RuleSet.standard.rules.count)
    }
}
