import CaseRecords

/// Where the case map puts one scan of an archive: the clinic's case (created with its site when the
/// store does not have it yet), and what the results cannot say themselves.
public struct CaseAssignment: Sendable, Equatable {
    public var caseID: String
    /// FDI tooth number of the case's implant site.
    public var site: String
    /// The scan's date when its StudyDate is missing or wrong; nil takes the StudyDate.
    public var date: CaseDate?
    /// The case's implant among the scan's (1-based), needed when the scan holds several.
    public var implant: Int?

    public init(caseID: String, site: String, date: CaseDate? = nil, implant: Int? = nil) {
        self.caseID = caseID
        self.site = site
        self.date = date
        self.implant = implant
    }
}
