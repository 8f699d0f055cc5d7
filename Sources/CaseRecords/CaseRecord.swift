/// A case with everything stored for it, scans in date order (then attach order).
public struct CaseRecord: Codable, Sendable, Equatable {
    public var info: CaseInfo
    public var scans: [StoredScan]
    public var findings: [StoredFindings]
}
