/// One wall thickness compared with the truth's.
public struct WallError: Codable, Sendable, Equatable {
    /// "1mm", "3mm", "5mm" or "mid" (the truth's depth below the shoulder).
    public var label: String
    public var depthMm: Double
    /// "buccal" or "lingual".
    public var side: String
    public var truthMm: Double
    public var measuredMm: Double
    public var errorMm: Double { measuredMm - truthMm }

    public init(label: String, depthMm: Double, side: String, truthMm: Double, measuredMm: Double) {
        self.label = label
        self.depthMm = depthMm
        self.side = side
        self.truthMm = truthMm
        self.measuredMm = measuredMm
    }
}
