import Decision

/// Colours for bone loss by the ICOI Pisa 2008 health scale (CLINICAL.md §4.1) with the thresholds of the
/// rule set the recommendation used (`outcome.pisa`), so that a figure and the decision never disagree.
public struct LossScale: Sendable, Equatable {
    public var satisfactoryFromMm: Double
    public var compromisedAboveMm: Double
    public var failureAbovePercent: Double

    public init(rules: RuleSet) {
        satisfactoryFromMm = rules.value(RuleID.outcome, "satisfactoryFromMm")
        compromisedAboveMm = rules.value(RuleID.outcome, "compromisedAboveMm")
        failureAbovePercent = rules.value(RuleID.outcome, "failureAbovePercent")
    }

    /// The class of one loss, as the decision weighs it: failure above the share of the length, compromised
    /// above the mm threshold, satisfactory from the lower one, else success.
    public func outcome(lossMm: Double, lengthMm: Double) -> Recommendation.Outcome {
        let percent = lengthMm > 0 ? max(0, lossMm) / lengthMm * 100 : 0
        return percent > failureAbovePercent ? .failure : lossMm > compromisedAboveMm ? .compromised
            : lossMm >= satisfactoryFromMm ? .satisfactory : .success
    }

    public static func color(_ o: Recommendation.Outcome) -> String {
        switch o {
        case .success: return "#009e73"       // bluish green
        case .satisfactory: return "#f0e442"  // yellow
        case .compromised: return "#e69f00"   // orange
        case .failure: return "#a3142c"       // dark red
        }
    }

    public static let unmeasuredColor = "#9a9a9a"

    /// Legend text of each class, with the thresholds in use.
    public func label(_ o: Recommendation.Outcome) -> String {
        let lo = Markup.number(satisfactoryFromMm, decimals: 1), hi = Markup.number(compromisedAboveMm, decimals: 1)
        let pct = Markup.number(failureAbovePercent, decimals: 0)
        switch o {
        case .success: return "success: < \(lo) mm"
        case .satisfactory: return "satisfactory: \(lo)–\(hi) mm"
        case .compromised: return "compromised: > \(hi) mm"
        case .failure: return "failure: > \(pct) % of the length"
        }
    }
}
