import Decision

/// The clinician's findings at one visit.
public struct StoredFindings: Codable, Sendable, Equatable {
    public var date: CaseDate
    public var findings: ClinicalFindings
}
