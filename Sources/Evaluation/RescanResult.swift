/// One pair of scans of the same jaw compared: the implants found in both, and those found in only one.
public struct RescanResult: Codable, Sendable, Equatable {
    /// "seed 17".
    public var label: String
    public var seed: UInt64
    public var voxelMm: Double
    public var truthImplants: Int
    public var implants: [RescanImplant]
    /// Truth implants not matched in one scan or both (missed, or their truth not the same implant).
    public var unmatched: Int
    /// Why a phantom or an analysis of the pair failed; every implant is then unmatched.
    public var failure: String?

    public init(label: String, seed: UInt64, voxelMm: Double, truthImplants: Int, implants: [RescanImplant],
                unmatched: Int, failure: String? = nil) {
        self.label = label
        self.seed = seed
        self.voxelMm = voxelMm
        self.truthImplants = truthImplants
        self.implants = implants
        self.unmatched = unmatched
        self.failure = failure
    }
}
