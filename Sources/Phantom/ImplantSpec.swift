import Measurements
/// One implant: where it sits on the arch, its shape and material, and the bone loss around it.
public struct ImplantSpec: Codable, Sendable, Equatable {
    /// Position along the arch: 0° at the midline, positive to the patient's left.
    public var archAngleDeg: Double
    /// Outer (thread) diameter and shoulder-to-apex length.
    public var diameterMm: Double
    public var lengthMm: Double
    /// Polished collar of a tissue-level implant (the shoulder sits this far above the crest); 0 for bone-level.
    public var collarMm: Double
    /// Axis tilt: crown towards buccal, and towards mesial.
    public var tiltBuccalDeg: Double
    public var tiltMesialDeg: Double
    /// "titanium" or "zirconia".
    public var material: String
    /// Buccal bone wall at mid-implant: the implant is moved within the ridge to leave this much; nil keeps it centred.
    public var buccalWallMm: Double?
    public var threadPitchMm: Double
    public var threadDepthMm: Double
    /// Length of the apical taper and the diameter at the apex.
    public var apexTaperMm: Double
    public var apexDiameterMm: Double
    public var defect: DefectSpec

    public static let materials = ["titanium", "zirconia"]

    public init(archAngleDeg: Double = 30, diameterMm: Double = 4.1, lengthMm: Double = 10, collarMm: Double = 0,
                tiltBuccalDeg: Double = 0, tiltMesialDeg: Double = 0, material: String = "titanium",
                buccalWallMm: Double? = nil, threadPitchMm: Double = 0.8, threadDepthMm: Double = 0.3,
                apexTaperMm: Double = 3, apexDiameterMm: Double = 2.6, defect: DefectSpec = DefectSpec()) {
        self.archAngleDeg = archAngleDeg
        self.diameterMm = diameterMm
        self.lengthMm = lengthMm
        self.collarMm = collarMm
        self.tiltBuccalDeg = tiltBuccalDeg
        self.tiltMesialDeg = tiltMesialDeg
        self.material = material
        self.buccalWallMm = buccalWallMm
        self.threadPitchMm = threadPitchMm
        self.threadDepthMm = threadDepthMm
        self.apexTaperMm = apexTaperMm
        self.apexDiameterMm = apexDiameterMm
        self.defect = defect
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case archAngleDeg, diameterMm, lengthMm, collarMm, tiltBuccalDeg, tiltMesialDeg, material, buccalWallMm,
             threadPitchMm, threadDepthMm, apexTaperMm, apexDiameterMm, defect
    }
    public init(from decoder: Decoder) throws {
        try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ImplantSpec()
        func v(_ k: CodingKeys, _ fallback: Double) throws -> Double { try c.decodeIfPresent(Double.self, forKey: k) ?? fallback }
        archAngleDeg = try v(.archAngleDeg, d.archAngleDeg)
        diameterMm = try v(.diameterMm, d.diameterMm)
        lengthMm = try v(.lengthMm, d.lengthMm)
        collarMm = try v(.collarMm, d.collarMm)
        tiltBuccalDeg = try v(.tiltBuccalDeg, d.tiltBuccalDeg)
        tiltMesialDeg = try v(.tiltMesialDeg, d.tiltMesialDeg)
        material = try c.decodeIfPresent(String.self, forKey: .material) ?? d.material
        buccalWallMm = try c.decodeIfPresent(Double.self, forKey: .buccalWallMm)
        threadPitchMm = try v(.threadPitchMm, d.threadPitchMm)
        threadDepthMm = try v(.threadDepthMm, d.threadDepthMm)
        apexTaperMm = try v(.apexTaperMm, d.apexTaperMm)
        apexDiameterMm = try v(.apexDiameterMm, d.apexDiameterMm)
        defect = try c.decodeIfPresent(DefectSpec.self, forKey: .defect) ?? d.defect
    }

    var validationFailure: String? {
        if !(2.5...7).contains(diameterMm) { return "diameterMm \(diameterMm) outside 2.5–7" }
        if !(5...20).contains(lengthMm) { return "lengthMm \(lengthMm) outside 5–20" }
        if !(collarMm >= 0 && collarMm < lengthMm / 2) { return "collarMm out of range" }
        if abs(tiltBuccalDeg) > 30 || abs(tiltMesialDeg) > 30 { return "tilt beyond 30°" }
        if !Self.materials.contains(material) { return "material must be titanium or zirconia" }
        if let w = buccalWallMm, !(w >= 0) { return "buccalWallMm must be ≥ 0" }
        if !(threadDepthMm >= 0 && threadDepthMm < diameterMm / 4 && threadPitchMm > 0.2) { return "thread out of range" }
        if !(apexDiameterMm > 0 && apexDiameterMm <= diameterMm && apexTaperMm >= 0 && apexTaperMm < lengthMm) {
            return "apex taper out of range"
        }
        return defect.validationFailure(implantLength: lengthMm)
    }
}
