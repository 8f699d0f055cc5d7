import Foundation

/// The readable and JSON forms of recommendations, for `implantscan decide` and `analyze --findings`.
public enum RecommendationSummary {
    /// One sentence per implant, then the rules that fired or were blocked.
    public static func text(_ r: Recommendation, implant: Int) -> String {
        var lines = ["Implant \(implant): \(r.sentence)"]
        for e in r.trace where e.outcome != .notFired {
            let inputs = e.inputs.keys.sorted().map { "\($0) \(e.inputs[$0]!)" }.joined(separator: ", ")
            lines.append("  \(e.outcome == .fired ? "fired  " : "blocked") \(e.ruleId) [\(e.threshold)] (\(inputs)) — \(e.source)")
        }
        lines.append("  Rule set \(r.ruleSetVersion), thresholds \(r.thresholdsHash)")
        return lines.joined(separator: "\n")
    }

    public static func text(_ report: DecisionReport) -> String {
        if report.implants.isEmpty { return "No implant in \(report.source): nothing to decide." }
        return report.implants.map { text($0.recommendation, implant: $0.implant) }.joined(separator: "\n")
    }

    public static func json(_ report: DecisionReport) -> String { encode(report) }

    public static func json(_ rules: RuleSet) -> String { encode(rules) }

    /// The rule table as text: id, thresholds, source.
    public static func text(_ rules: RuleSet) -> String {
        var lines = ["Rule set \(rules.version), thresholds \(rules.thresholdsHash)"]
        for r in rules.rules {
            lines.append("\(r.id): \(r.description)")
            if !r.thresholds.isEmpty { lines.append("  " + r.thresholds.map(\.text).joined(separator: "; ")) }
            lines.append("  Source: \(r.source)")
        }
        return lines.joined(separator: "\n")
    }

    private static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}
