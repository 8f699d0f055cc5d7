/// How sectors around an implant make clinical sites (CLINICAL.md §2.3): one rule for the analysis
/// and the phantom's truth.
public enum SectorGeometry {
    public static let sectorCount = 72
    /// Angular width of a sector (degrees).
    public static let sectorWidthDeg = 360.0 / Double(sectorCount)
    /// Centre of sector `k` (degrees from buccal towards mesial).
    public static func angleDeg(ofSector k: Int) -> Double { Double(k) * sectorWidthDeg }
    /// A site is the mean of the sectors within this angle of its direction.
    public static let siteHalfWidthDeg = 22.5
    /// Site directions: 0° buccal, 90° mesial, 180° lingual, 270° distal.
    public static let buccalDeg = 0.0, mesialDeg = 90.0, lingualDeg = 180.0, distalDeg = 270.0

    /// Angle between two directions around the axis, 0…180°.
    public static func angularDistance(_ a: Double, _ b: Double) -> Double {
        abs((a - b + 540).truncatingRemainder(dividingBy: 360) - 180)
    }

    /// Site values (mean of the sectors within ±22.5° of each site) and the worst sector.
    public static func siteValues(_ sectors: [SectorBoneLevel]) -> SiteValues {
        func site(_ center: Double) -> Double {
            let near = sectors.filter { angularDistance($0.angleDeg, center) <= siteHalfWidthDeg }
            return near.isEmpty ? 0 : near.reduce(0) { $0 + $1.boneLevelMm } / Double(near.count)
        }
        return SiteValues(mesial: site(mesialDeg), distal: site(distalDeg), buccal: site(buccalDeg), lingual: site(lingualDeg),
                          max: sectors.map(\.boneLevelMm).max() ?? 0)
    }
}
