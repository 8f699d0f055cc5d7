/// Buccal and lingual bone wall thickness at one depth below the shoulder.
public struct WallThickness: Codable, Sendable, Equatable {
    /// Depth below the shoulder along the axis; the mid-implant entry has `label` "mid".
    public var depthMm: Double
    public var label: String
    /// First continuous run of bone along the buccal (lingual) direction from the implant surface; 0 when none.
    public var buccal: Double
    public var lingual: Double

    public init(depthMm: Double, label: String, buccal: Double, lingual: Double) {
        self.depthMm = depthMm
        self.label = label
        self.buccal = buccal
        self.lingual = lingual
    }
}
