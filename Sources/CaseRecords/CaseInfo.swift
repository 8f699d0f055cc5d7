/// One clinical case: one implant site, keyed by the clinic's own case ID (no patient identifiers).
public struct CaseInfo: Codable, Sendable, Equatable {
    public var id: String
    /// FDI tooth number of the site.
    public var site: String
    public var implantSystem: String?
    public var placedDate: CaseDate?

    public init(id: String, site: String, implantSystem: String? = nil, placedDate: CaseDate? = nil) {
        self.id = id
        self.site = site
        self.implantSystem = implantSystem
        self.placedDate = placedDate
    }

    /// FDI two-digit notation: permanent teeth 11–48, deciduous 51–85.
    public static func isFDISite(_ s: String) -> Bool {
        guard s.count == 2, let q = s.first?.wholeNumberValue, let t = s.last?.wholeNumberValue else { return false }
        return ((1...4).contains(q) && (1...8).contains(t)) || ((5...8).contains(q) && (1...5).contains(t))
    }
}
