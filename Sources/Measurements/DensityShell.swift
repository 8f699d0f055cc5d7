/// Gray-value statistics in one shell around the implant, in one third of its length.
public struct DensityShell: Codable, Sendable, Equatable {
    /// Distance from the implant surface, e.g. 1–2 mm.
    public var innerMm: Double
    public var outerMm: Double
    /// "coronal", "middle" or "apical".
    public var third: String
    public var mean: Double
    public var median: Double
    public var sd: Double
    public var p10: Double
    public var p90: Double
    public var voxelCount: Int

    public init(innerMm: Double, outerMm: Double, third: String, mean: Double, median: Double, sd: Double,
                p10: Double, p90: Double, voxelCount: Int) {
        self.innerMm = innerMm
        self.outerMm = outerMm
        self.third = third
        self.mean = mean
        self.median = median
        self.sd = sd
        self.p10 = p10
        self.p90 = p90
        self.voxelCount = voxelCount
    }
}
