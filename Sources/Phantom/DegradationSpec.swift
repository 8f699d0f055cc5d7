import Measurements
/// How the scanner degrades the ideal image (CLINICAL.md §1).
public struct DegradationSpec: Codable, Sendable, Equatable {
    /// Subsamples per axis in voxels that straddle a tissue boundary (partial-volume effect).
    public var supersampling: Int
    /// Full width at half maximum of the Gaussian point-spread function.
    public var blurFWHMMm: Double
    /// Standard deviation of the Gaussian noise.
    public var noiseSDHU: Double
    /// Multiplier of the metal blooming table (1 = Benic 2013: +45 % at 0.5 mm, +28 % at 1 mm, +14 % at 2 mm).
    public var bloomingScale: Double
    /// Peak amplitude and number of the streaks radiating from each metal object in axial planes.
    public var streakHU: Double
    public var streakCount: Int

    public init(supersampling: Int = 4, blurFWHMMm: Double = 0.35, noiseSDHU: Double = 40, bloomingScale: Double = 1,
                streakHU: Double = 200, streakCount: Int = 6) {
        self.supersampling = supersampling
        self.blurFWHMMm = blurFWHMMm
        self.noiseSDHU = noiseSDHU
        self.bloomingScale = bloomingScale
        self.streakHU = streakHU
        self.streakCount = streakCount
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case supersampling, blurFWHMMm, noiseSDHU, bloomingScale, streakHU, streakCount
    }
    public init(from decoder: Decoder) throws {
        try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DegradationSpec()
        supersampling = try c.decodeIfPresent(Int.self, forKey: .supersampling) ?? d.supersampling
        blurFWHMMm = try c.decodeIfPresent(Double.self, forKey: .blurFWHMMm) ?? d.blurFWHMMm
        noiseSDHU = try c.decodeIfPresent(Double.self, forKey: .noiseSDHU) ?? d.noiseSDHU
        bloomingScale = try c.decodeIfPresent(Double.self, forKey: .bloomingScale) ?? d.bloomingScale
        streakHU = try c.decodeIfPresent(Double.self, forKey: .streakHU) ?? d.streakHU
        streakCount = try c.decodeIfPresent(Int.self, forKey: .streakCount) ?? d.streakCount
    }

    var validationFailure: String? {
        if !(1...8).contains(supersampling) { return "supersampling must be 1–8" }
        if !(blurFWHMMm >= 0 && noiseSDHU >= 0 && bloomingScale >= 0 && streakHU >= 0) { return "negative degradation" }
        if !(0...32).contains(streakCount) { return "streakCount must be 0–32" }
        return nil
    }
}
