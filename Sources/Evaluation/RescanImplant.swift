/// One implant found in both scans of a pair: each site's change, and the rotation `case history` found between
/// the two scans' sector profiles.
public struct RescanImplant: Codable, Sendable, Equatable {
    /// "seed 17 #0": the pair and the first scan's truth index.
    public var label: String
    public var alignmentDeg: Double
    public var alignmentConfidence: Double
    /// Whether the second scan's sites were recomputed from its rotated sectors (`RotationAlignment.shouldCorrectSites`).
    public var sitesCorrected: Bool
    public var sites: [RescanSite]

    public init(label: String, alignmentDeg: Double, alignmentConfidence: Double, sitesCorrected: Bool,
                sites: [RescanSite]) {
        self.label = label
        self.alignmentDeg = alignmentDeg
        self.alignmentConfidence = alignmentConfidence
        self.sitesCorrected = sitesCorrected
        self.sites = sites
    }
}
