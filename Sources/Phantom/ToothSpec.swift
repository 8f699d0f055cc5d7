import Measurements
/// A neighbouring tooth: a dentin root in the ridge and a crown above it, natural (enamel) or metal,
/// optionally with a metal filling. Dense objects that are not implants.
public struct ToothSpec: Codable, Sendable, Equatable {
    public var archAngleDeg: Double
    /// "natural" (enamel over dentin) or "metal" (a full metal crown).
    public var crown: String
    /// Radius of an amalgam filling in the top of a natural crown; 0 for none.
    public var fillingRadiusMm: Double

    public init(archAngleDeg: Double = 0, crown: String = "natural", fillingRadiusMm: Double = 0) {
        self.archAngleDeg = archAngleDeg
        self.crown = crown
        self.fillingRadiusMm = fillingRadiusMm
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case archAngleDeg, crown, fillingRadiusMm }
    public init(from decoder: Decoder) throws {
        try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        archAngleDeg = try c.decodeIfPresent(Double.self, forKey: .archAngleDeg) ?? 0
        crown = try c.decodeIfPresent(String.self, forKey: .crown) ?? "natural"
        fillingRadiusMm = try c.decodeIfPresent(Double.self, forKey: .fillingRadiusMm) ?? 0
    }

    var validationFailure: String? {
        if crown != "natural" && crown != "metal" { return "crown must be natural or metal" }
        if !(fillingRadiusMm >= 0 && fillingRadiusMm <= 2.5) { return "fillingRadiusMm must be 0–2.5" }
        if crown == "metal" && fillingRadiusMm > 0 { return "a metal crown has no filling" }
        return nil
    }
}
