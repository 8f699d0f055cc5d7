import Measurements
/// A synthetic dental CBCT scan: field of view, anatomy, implants, teeth and how the scanner degrades
/// the image. Every length in mm, every angle in degrees, every density in HU. Documented in
/// `docs/phantom-spec.md`; missing keys take the defaults below.
public struct PhantomSpec: Codable, Sendable, Equatable {
    public var volume: VolumeSpec
    public var anatomy: AnatomySpec
    public var implants: [ImplantSpec]
    public var teeth: [ToothSpec]
    public var degradation: DegradationSpec
    /// Head position: the whole anatomy is rotated and shifted in the scanner (longitudinal studies).
    public var pose: PoseSpec

    public init(volume: VolumeSpec = VolumeSpec(), anatomy: AnatomySpec = AnatomySpec(), implants: [ImplantSpec] = [],
                teeth: [ToothSpec] = [], degradation: DegradationSpec = DegradationSpec(), pose: PoseSpec = PoseSpec()) {
        self.volume = volume
        self.anatomy = anatomy
        self.implants = implants
        self.teeth = teeth
        self.degradation = degradation
        self.pose = pose
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case volume, anatomy, implants, teeth, degradation, pose }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
        volume = try c.decodeIfPresent(VolumeSpec.self, forKey: .volume) ?? VolumeSpec()
        anatomy = try c.decodeIfPresent(AnatomySpec.self, forKey: .anatomy) ?? AnatomySpec()
        implants = try c.decodeIfPresent([ImplantSpec].self, forKey: .implants) ?? []
        teeth = try c.decodeIfPresent([ToothSpec].self, forKey: .teeth) ?? []
        degradation = try c.decodeIfPresent(DegradationSpec.self, forKey: .degradation) ?? DegradationSpec()
        pose = try c.decodeIfPresent(PoseSpec.self, forKey: .pose) ?? PoseSpec()
    }

    /// The first problem that makes the spec impossible, or nil.
    public var validationFailure: String? {
        if let v = volume.validationFailure { return "volume: \(v)" }
        if let a = anatomy.validationFailure { return "anatomy: \(a)" }
        for (i, implant) in implants.enumerated() {
            if let f = implant.validationFailure { return "implants[\(i)]: \(f)" }
        }
        for (i, tooth) in teeth.enumerated() {
            if let f = tooth.validationFailure { return "teeth[\(i)]: \(f)" }
        }
        if let d = degradation.validationFailure { return "degradation: \(d)" }
        if let p = pose.validationFailure { return "pose: \(p)" }
        return nil
    }
}
