import Decision
import Measurements

/// Everything `analyze --case` hands to the store for one scan.
public struct ScanAttachment: Sendable {
    public var caseID: String
    public var measurements: ScanMeasurements
    /// `ScanFingerprint` of the voxels.
    public var contentHash: String
    /// `--date`, else the scan's StudyDate.
    public var date: CaseDate
    /// The case's implant among the scan's (1-based); may be nil when the scan holds one implant.
    public var implant: Int?
    /// Findings given with the scan; nil takes the case's latest findings on or before the scan date.
    public var findings: ClinicalFindings?
    public var rules: RuleSet
    /// `--keep-identifiers`: store the patient's name, ID and birth date (when given) and the scan's path
    /// (folder names often carry the patient's name). Without it, neither is stored.
    public var keepIdentifiers: Bool
    public var patient: PatientRecord?

    public init(caseID: String, measurements: ScanMeasurements, contentHash: String, date: CaseDate, implant: Int? = nil,
                findings: ClinicalFindings? = nil, rules: RuleSet = .standard, keepIdentifiers: Bool = false,
                patient: PatientRecord? = nil) {
        self.caseID = caseID
        self.measurements = measurements
        self.contentHash = contentHash
        self.date = date
        self.implant = implant
        self.findings = findings
        self.rules = rules
        self.keepIdentifiers = keepIdentifiers
        self.patient = patient
    }
}
