import Measurements
/// Bone loss around one implant (Schwarz 2007 classes; CLINICAL.md §2.4). Depths are measured along the
/// implant axis from the crest (the shoulder minus the collar), widths horizontally from the implant surface.
public struct DefectSpec: Codable, Sendable, Equatable {
    /// "none", "Ia" (buccal dehiscence), "Ib" (dehiscence + semicircular), "Ic" (dehiscence + circular),
    /// "Id" (circular, buccal and oral plates lost), "Ie" (circular, plates intact), "II" (supracrestal).
    public var schwarzClass: String
    /// Depth of the intrabony component (class I) or of the lowered crest (class II).
    public var depthMm: Double
    /// Width of the intrabony moat from the implant surface (class I).
    public var widthMm: Double
    /// A lowered crest added to a class I defect (Monje class III, combined).
    public var supracrestalMm: Double
    /// Half-angle of a dehiscence around the buccal (or lingual) direction.
    public var dehiscenceHalfAngleDeg: Double
    /// Radius around the implant over which a supracrestal defect lowers the crest, then a ramp back.
    public var supracrestalRadiusMm: Double

    public static let classes = ["none", "Ia", "Ib", "Ic", "Id", "Ie", "II"]

    public init(schwarzClass: String = "none", depthMm: Double = 0, widthMm: Double = 0, supracrestalMm: Double = 0,
                dehiscenceHalfAngleDeg: Double = 40, supracrestalRadiusMm: Double = 5) {
        self.schwarzClass = schwarzClass
        self.depthMm = depthMm
        self.widthMm = widthMm
        self.supracrestalMm = supracrestalMm
        self.dehiscenceHalfAngleDeg = dehiscenceHalfAngleDeg
        self.supracrestalRadiusMm = supracrestalRadiusMm
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case schwarzClass, depthMm, widthMm, supracrestalMm, dehiscenceHalfAngleDeg, supracrestalRadiusMm
    }
    public init(from decoder: Decoder) throws {
        try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DefectSpec()
        schwarzClass = try c.decodeIfPresent(String.self, forKey: .schwarzClass) ?? d.schwarzClass
        depthMm = try c.decodeIfPresent(Double.self, forKey: .depthMm) ?? d.depthMm
        widthMm = try c.decodeIfPresent(Double.self, forKey: .widthMm) ?? d.widthMm
        supracrestalMm = try c.decodeIfPresent(Double.self, forKey: .supracrestalMm) ?? d.supracrestalMm
        dehiscenceHalfAngleDeg = try c.decodeIfPresent(Double.self, forKey: .dehiscenceHalfAngleDeg) ?? d.dehiscenceHalfAngleDeg
        supracrestalRadiusMm = try c.decodeIfPresent(Double.self, forKey: .supracrestalRadiusMm) ?? d.supracrestalRadiusMm
    }

    var isIntrabony: Bool { schwarzClass.hasPrefix("I") && schwarzClass != "II" }
    var hasMoat: Bool { ["Ib", "Ic", "Id", "Ie"].contains(schwarzClass) }
    var buccalDehiscence: Bool { ["Ia", "Ib", "Ic", "Id"].contains(schwarzClass) }
    var lingualDehiscence: Bool { schwarzClass == "Id" }
    /// Total lowering of the crest (class II depth, or a class I defect's supracrestal part).
    var crestLoweringMm: Double { schwarzClass == "II" ? depthMm : supracrestalMm }

    func validationFailure(implantLength: Double) -> String? {
        if !Self.classes.contains(schwarzClass) { return "defect.schwarzClass must be one of \(Self.classes.joined(separator: ", "))" }
        if schwarzClass == "none" { return depthMm == 0 && supracrestalMm == 0 ? nil : "a defect of class none has no depth" }
        if !(depthMm > 0 && depthMm + supracrestalMm < implantLength) { return "defect depth must be in (0, implant length)" }
        if hasMoat && !(widthMm > 0) { return "a circumferential defect needs widthMm > 0" }
        if !(supracrestalMm >= 0) || (schwarzClass == "II" && supracrestalMm > 0) { return "supracrestalMm is for class I defects" }
        if !(dehiscenceHalfAngleDeg > 0 && dehiscenceHalfAngleDeg < 90) { return "dehiscenceHalfAngleDeg must be in (0, 90)" }
        return nil
    }
}
