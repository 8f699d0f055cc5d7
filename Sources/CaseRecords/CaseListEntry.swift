/// One line of `case list`.
public struct CaseListEntry: Codable, Sendable, Equatable {
    public var id: String
    public var site: String
    public var implantSystem: String?
    public var placedDate: CaseDate?
    public var scans: Int
    public var firstScan: CaseDate?
    public var lastScan: CaseDate?
    public var findingsVisits: Int
    /// The diagnosis recommended at the latest scan.
    public var lastDiagnosis: String?

    public init(_ r: CaseRecord) {
        id = r.info.id
        site = r.info.site
        implantSystem = r.info.implantSystem
        placedDate = r.info.placedDate
        scans = r.scans.count
        firstScan = r.scans.first?.date
        lastScan = r.scans.last?.date
        findingsVisits = r.findings.count
        lastDiagnosis = r.scans.last?.recommendation?.diagnosis.rawValue
    }
}
