/// One wall thickness compared with the truth's.
public struct WallError: Codable, Sendable, Equatable {
    /// "1mm", "3mm", "5mm" or "mid" (the truth's depth below the shoulder).
    public var label: String
    public var depthMm: Double
    /// "buccal" or "lingual".
    public var side: String
    public var truthMm: Double
    public var measuredMm: Double
    /// The row's depth lies within `MeasurementQuality.wallAtBoneLevelMm` of the truth's bone level on its side
    /// (the sector at 0° or 180°, as the analysis's flag reads it): there the truth itself steps, within a tenth of a
    /// millimetre of depth, from no wall (or a plate across the defect) to the whole ridge.
    public var atBoneLevel: Bool
    public var errorMm: Double { measuredMm - truthMm }

    public init(label: String, depthMm: Double, side: String, truthMm: Double, measuredMm: Double, atBoneLevel: Bool) {
        self.label = label
        self.depthMm = depthMm
        self.side = side
        self.truthMm = truthMm
        self.measuredMm = measuredMm
        self.atBoneLevel = atBoneLevel
    }
}
