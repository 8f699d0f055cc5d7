import Measurements
/// The scanner's field of view and how it stores gray values.
public struct VolumeSpec: Codable, Sendable, Equatable {
    /// Isotropic voxel size, 0.075–0.4 mm for dental CBCT (CLINICAL.md §1).
    public var voxelMm: Double
    /// Field of view along x, y, z (LPS), mm.
    public var fieldOfViewMm: [Double]
    /// LPS centre of the field of view; by default the centre of the implants (or of the ridge).
    public var centerMm: [Double]?
    /// An uncalibrated scanner: gray = HU × grayScale + grayOffset (CBCT gray values are not HU; Nagata 2024).
    public var grayScale: Double
    public var grayOffset: Double
    /// Stored values are unsigned with this many bits; gray values above the top of the range saturate.
    public var bitsStored: Int

    public static let voxelRangeMm = 0.075...0.4

    public init(voxelMm: Double = 0.25, fieldOfViewMm: [Double] = [24, 24, 24], centerMm: [Double]? = nil,
                grayScale: Double = 1, grayOffset: Double = 0, bitsStored: Int = 12) {
        self.voxelMm = voxelMm
        self.fieldOfViewMm = fieldOfViewMm
        self.centerMm = centerMm
        self.grayScale = grayScale
        self.grayOffset = grayOffset
        self.bitsStored = bitsStored
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case voxelMm, fieldOfViewMm, centerMm, grayScale, grayOffset, bitsStored
    }
    public init(from decoder: Decoder) throws {
        try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = VolumeSpec()
        voxelMm = try c.decodeIfPresent(Double.self, forKey: .voxelMm) ?? d.voxelMm
        fieldOfViewMm = try c.decodeIfPresent([Double].self, forKey: .fieldOfViewMm) ?? d.fieldOfViewMm
        centerMm = try c.decodeIfPresent([Double].self, forKey: .centerMm)
        grayScale = try c.decodeIfPresent(Double.self, forKey: .grayScale) ?? d.grayScale
        grayOffset = try c.decodeIfPresent(Double.self, forKey: .grayOffset) ?? d.grayOffset
        bitsStored = try c.decodeIfPresent(Int.self, forKey: .bitsStored) ?? d.bitsStored
    }

    var validationFailure: String? {
        if !Self.voxelRangeMm.contains(voxelMm) { return "voxelMm \(voxelMm) outside 0.075–0.4" }
        if fieldOfViewMm.count != 3 || fieldOfViewMm.contains(where: { !($0 > 0 && $0 <= 200) }) {
            return "fieldOfViewMm needs three sizes in (0, 200] mm"
        }
        if let c = centerMm, c.count != 3 { return "centerMm needs three coordinates" }
        if !(grayScale > 0) { return "grayScale must be positive" }
        if !(8...16).contains(bitsStored) { return "bitsStored must be 8–16" }
        return nil
    }
}
