import Measurements
/// A segment of the mandibular alveolar ridge on a U-shaped arch, with its tissues.
///
/// The arch is a circle of `archRadiusMm` in the axial plane of the anatomical frame, its front at
/// −y (anterior), crest at z = `crestZMm`. Buccal is away from the arch centre, lingual towards it.
public struct AnatomySpec: Codable, Sendable, Equatable {
    public var archRadiusMm: Double
    /// Bucco-lingual width of the ridge at the crest, and its height down to the basal bone.
    public var ridgeWidthMm: Double
    public var ridgeHeightMm: Double
    /// Widening of the ridge per mm below the crest (each side).
    public var ridgeFlarePerMm: Double
    /// How much the crest drops per mm² of distance from the ridge centre line (rounded crest).
    public var crestCurvaturePerMm: Double
    public var crestZMm: Double
    public var corticalThicknessMm: Double
    public var corticalHU: Double
    /// Mean of the cancellous bone and the amplitude of its trabecular texture.
    public var cancellousHU: Double
    public var cancellousTextureHU: Double
    /// Period of the trabecular texture.
    public var texturePeriodMm: Double
    public var softTissueHU: Double
    public var airHU: Double
    /// Soft tissue covers the ridge this thick; above it is air (the open mouth).
    public var softTissueMm: Double

    public init(archRadiusMm: Double = 25, ridgeWidthMm: Double = 8, ridgeHeightMm: Double = 18,
                ridgeFlarePerMm: Double = 0.12, crestCurvaturePerMm: Double = 0.03, crestZMm: Double = 0,
                corticalThicknessMm: Double = 1.0, corticalHU: Double = 1500, cancellousHU: Double = 600,
                cancellousTextureHU: Double = 150, texturePeriodMm: Double = 1.6, softTissueHU: Double = 50,
                airHU: Double = -1000, softTissueMm: Double = 3) {
        self.archRadiusMm = archRadiusMm
        self.ridgeWidthMm = ridgeWidthMm
        self.ridgeHeightMm = ridgeHeightMm
        self.ridgeFlarePerMm = ridgeFlarePerMm
        self.crestCurvaturePerMm = crestCurvaturePerMm
        self.crestZMm = crestZMm
        self.corticalThicknessMm = corticalThicknessMm
        self.corticalHU = corticalHU
        self.cancellousHU = cancellousHU
        self.cancellousTextureHU = cancellousTextureHU
        self.texturePeriodMm = texturePeriodMm
        self.softTissueHU = softTissueHU
        self.airHU = airHU
        self.softTissueMm = softTissueMm
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case archRadiusMm, ridgeWidthMm, ridgeHeightMm, ridgeFlarePerMm, crestCurvaturePerMm, crestZMm,
             corticalThicknessMm, corticalHU, cancellousHU, cancellousTextureHU, texturePeriodMm, softTissueHU,
             airHU, softTissueMm
    }
    public init(from decoder: Decoder) throws {
        try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AnatomySpec()
        func v(_ k: CodingKeys, _ fallback: Double) throws -> Double { try c.decodeIfPresent(Double.self, forKey: k) ?? fallback }
        archRadiusMm = try v(.archRadiusMm, d.archRadiusMm)
        ridgeWidthMm = try v(.ridgeWidthMm, d.ridgeWidthMm)
        ridgeHeightMm = try v(.ridgeHeightMm, d.ridgeHeightMm)
        ridgeFlarePerMm = try v(.ridgeFlarePerMm, d.ridgeFlarePerMm)
        crestCurvaturePerMm = try v(.crestCurvaturePerMm, d.crestCurvaturePerMm)
        crestZMm = try v(.crestZMm, d.crestZMm)
        corticalThicknessMm = try v(.corticalThicknessMm, d.corticalThicknessMm)
        corticalHU = try v(.corticalHU, d.corticalHU)
        cancellousHU = try v(.cancellousHU, d.cancellousHU)
        cancellousTextureHU = try v(.cancellousTextureHU, d.cancellousTextureHU)
        texturePeriodMm = try v(.texturePeriodMm, d.texturePeriodMm)
        softTissueHU = try v(.softTissueHU, d.softTissueHU)
        airHU = try v(.airHU, d.airHU)
        softTissueMm = try v(.softTissueMm, d.softTissueMm)
    }

    var validationFailure: String? {
        if !(archRadiusMm >= 10) { return "archRadiusMm must be at least 10" }
        if !(ridgeWidthMm > 1 && ridgeHeightMm > 2) { return "ridge too small" }
        if !(corticalThicknessMm >= 0 && corticalThicknessMm < ridgeWidthMm / 2) { return "corticalThicknessMm out of range" }
        if !(texturePeriodMm > 0.2) { return "texturePeriodMm must exceed 0.2" }
        return nil
    }
}
