/// Bone level in one angular sector around the implant axis.
public struct SectorBoneLevel: Codable, Sendable, Equatable {
    /// Sector centre: 0° = buccal, 90° = mesial, 180° = lingual, 270° = distal.
    public var angleDeg: Double
    /// Shoulder to first bone-to-implant contact along the axis; the implant length when no bone touches it.
    public var boneLevelMm: Double

    public init(angleDeg: Double, boneLevelMm: Double) {
        self.angleDeg = angleDeg
        self.boneLevelMm = boneLevelMm
    }
}
