/// Bucco-lingual width of the ridge through the implant axis at one depth below the crest.
public struct RidgeWidth: Codable, Sendable, Equatable {
    public var depthMm: Double
    public var widthMm: Double

    public init(depthMm: Double, widthMm: Double) {
        self.depthMm = depthMm
        self.widthMm = widthMm
    }
}
