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
    /// `recommendations.json` as `analyze --out` writes it (`{"source", "implants": [{"implant", "recommendation"}]}`),
    /// for the case's implant.
    public func recommendationsJSON(source: String) throws -> String {
        struct Entry: Encodable { var implant: Int; var recommendation: Recommendation }
        struct Document: Encodable { var source: String; var implants: [Entry] }
        return try CaseText.prettyJSON(Document(source: source, implants: recommendation.map { [Entry(implant: implant, recommendation: $0)] } ?? []))
    }
}
