/// One pair of scans of the same jaw compared: the implants found in both, and those found in only one.
public struct RescanResult: Codable, Sendable, Equatable {
    /// "seed 17".
    public var label: String
    public var seed: UInt64
    public var voxelMm: Double
    public var truthImplants: Int
    public var implants: [RescanImplant]
    /// Why a phantom or an analysis of the pair failed; every implant is then unmatched.
    public var failure: String?

    public init(label: String, seed: UInt64, voxelMm: Double, truthImplants: Int, implants: [RescanImplant],
                failure: String? = nil) {
        self.label = label
        self.seed = seed
        self.voxelMm = voxelMm
        self.truthImplants = truthImplants
        self.implants = implants
        self.failure = failure
    }

    /// Truth implants not compared: missed in one scan or both, or their truth not the same implant (all of them when
    /// the pair failed).
    public var unmatched: Int { truthImplants - implants.count }
}
