/// One value per clinical site around an implant, and the worst sector.
public struct SiteValues: Codable, Sendable, Equatable {
    public var mesial: Double
    public var distal: Double
    public var buccal: Double
    public var lingual: Double
    public var max: Double

    public init(mesial: Double, distal: Double, buccal: Double, lingual: Double, max: Double) {
        self.mesial = mesial
        self.distal = distal
        self.buccal = buccal
        self.lingual = lingual
        self.max = max
    }

    /// The value at a site named "mesial", "distal", "buccal" or "lingual"; any other name is the worst sector.
    public func value(atSite name: String) -> Double {
        switch name {
        case "mesial": return mesial
        case "distal": return distal
        case "buccal": return buccal
        case "lingual": return lingual
        default: return max
        }
    }
}
