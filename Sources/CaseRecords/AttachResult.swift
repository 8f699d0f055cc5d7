import Decision

/// What attaching a scan did.
public struct AttachResult: Sendable, Equatable {
    public var scanID: Int64
    /// True when the same scan (SeriesInstanceUID and content) was already attached: nothing was written.
    public var alreadyAttached: Bool
    /// The case's implant among the scan's (1-based).
    public var implant: Int
    /// The recommendation for the case's implant (the stored one when already attached).
    public var recommendation: Recommendation?
    /// The baseline bone level given to the rules (the case's first earlier scan), if any.
    public var baselineBoneLevelMm: Double?
}

extension AttachResult {
    /// The recommendation for the case's implant as a decision report (what `analyze --out` writes as
    /// `recommendations.json` and shows in its report).
    public func decisionReport(source: String) -> DecisionReport {
        DecisionReport(source: source, implants: recommendation.map {
            [DecisionReport.ImplantRecommendation(implant: implant, recommendation: $0)]
        } ?? [])
    }
}
