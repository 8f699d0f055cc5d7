import Measurements
/// Head position in the scanner: the anatomy is rotated about x, then y, then z (degrees, about the
/// anatomical origin), then shifted (mm).
public struct PoseSpec: Codable, Sendable, Equatable {
    public var rotationDeg: [Double]
    public var shiftMm: [Double]

    public init(rotationDeg: [Double] = [0, 0, 0], shiftMm: [Double] = [0, 0, 0]) {
        self.rotationDeg = rotationDeg
        self.shiftMm = shiftMm
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case rotationDeg, shiftMm }
    public init(from decoder: Decoder) throws {
        try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rotationDeg = try c.decodeIfPresent([Double].self, forKey: .rotationDeg) ?? [0, 0, 0]
        shiftMm = try c.decodeIfPresent([Double].self, forKey: .shiftMm) ?? [0, 0, 0]
    }

    var validationFailure: String? {
        rotationDeg.count == 3 && shiftMm.count == 3 ? nil : "rotationDeg and shiftMm need three numbers each"
    }
}
