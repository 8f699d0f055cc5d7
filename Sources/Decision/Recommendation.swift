/// What to do about one implant (CLINICAL.md §4), with every rule that was weighed and what was missing.
public struct Recommendation: Codable, Sendable, Equatable {
    /// 2017 World Workshop case definitions (Berglundh 2018; Renvert 2018).
    public enum Diagnosis: String, Codable, Sendable { case health, mucositis, periimplantitis, undetermined }
    /// Froum & Rosen 2012, as % of implant length.
    public enum Severity: String, Codable, Sendable { case none, early, moderate, advanced }
    /// ICOI Pisa 2008 health scale.
    public enum Outcome: String, Codable, Sendable { case success, satisfactory, compromised, failure }
    public enum Treatment: String, Codable, Sendable {
        case maintenance, nonsurgical
        case surgicalRegenerative = "surgical-regenerative"
        case surgicalResective = "surgical-resective"
        case explant
    }
    /// When a new implant goes in after removal (ITI consensus; Gallucci 2018).
    public enum Reimplantation: String, Codable, Sendable {
        case notApplicable = "not-applicable"
        case immediate, early, delayed
    }
    public enum Graft: String, Codable, Sendable {
        case none
        case gapFill = "gap-fill"
        case simultaneousGBR = "simultaneous-gbr"
        case stagedAugmentation = "staged-augmentation"
    }

    /// Weeks from removal until the new implant is placed; `max` nil means open-ended ("more than").
    public struct HealingWeeks: Codable, Sendable, Equatable {
        public var min: Double
        public var max: Double?
        public init(min: Double, max: Double?) { self.min = min; self.max = max }
    }

    public var diagnosis: Diagnosis
    public var severity: Severity
    public var outcome: Outcome
    public var treatment: Treatment
    public var reimplantation: Reimplantation
    public var graft: Graft
    /// Nil when no implant is removed.
    public var healingWeeks: HealingWeeks?
    /// Findings keys (docs/findings.md) whose absence limited the answer.
    public var missingInputs: [String]
    public var trace: [TraceEntry]
    public var ruleSetVersion: String
    public var thresholdsHash: String
    /// The recommendation in one plain sentence.
    public var sentence: String

    public init(diagnosis: Diagnosis, severity: Severity, outcome: Outcome, treatment: Treatment,
                reimplantation: Reimplantation, graft: Graft, healingWeeks: HealingWeeks?, missingInputs: [String],
                trace: [TraceEntry], ruleSetVersion: String, thresholdsHash: String, sentence: String) {
        self.diagnosis = diagnosis
        self.severity = severity
        self.outcome = outcome
        self.treatment = treatment
        self.reimplantation = reimplantation
        self.graft = graft
        self.healingWeeks = healingWeeks
        self.missingInputs = missingInputs
        self.trace = trace
        self.ruleSetVersion = ruleSetVersion
        self.thresholdsHash = thresholdsHash
        self.sentence = sentence
    }

    /// The trace entry of a rule, if it was weighed.
    public func entry(_ ruleId: String) -> TraceEntry? { trace.first { $0.ruleId == ruleId } }
}
