/// One line of the repeatability table: one site at one class of voxel size, over every implant found in both scans.
public struct RepeatabilityRow: Codable, Sendable, Equatable {
    /// "mesial", "distal", "buccal", "lingual" or "worst".
    public var site: String
    /// "≤ 0.25 mm" or "> 0.25 mm".
    public var voxels: String
    public var count: Int
    /// Mean of the truth's change (mm).
    public var truthChangeMm: Double?
    /// Mean and SD of measured change − true change (mm), and the 95 % limits of agreement, bias ± 1.96 SD
    /// (Bland & Altman 1986).
    public var biasMm: Double?
    public var sdMm: Double?
    public var limitsMm: [Double]?
    /// The largest |measured change − true change| (mm) and where.
    public var worstMm: Double?
    public var worstAt: String?
    /// The smallest and largest error `case history` allowed these sites (mm).
    public var allowedMm: [Double]?
    /// Sites whose truth did not change (within `unchangedMm`), and of them those `case history` would report
    /// as a change beyond the error.
    public var unchanged: Int
    public var falseChanges: Int
    /// Sites whose truth lost more bone than the error allows, and of them those reported as a loss beyond it.
    public var lost: Int
    public var lossesDetected: Int

    /// A truth change smaller than this (mm) is no change: the truth's levels are read on a 0.01 mm grid.
    public static let unchangedMm = 0.05

    public struct Sample: Sendable, Equatable {
        public var site: RescanSite
        public var label: String

        public init(site: RescanSite, label: String) {
            self.site = site
            self.label = label
        }
    }

    public init(site: String, voxels: String, samples: [Sample]) {
        self.site = site
        self.voxels = voxels
        count = samples.count
        let changes = samples.map(\.site)
        unchanged = changes.filter { abs($0.truthChangeMm) < Self.unchangedMm }.count
        falseChanges = changes.filter { abs($0.truthChangeMm) < Self.unchangedMm && $0.exceedsError }.count
        lost = changes.filter { $0.truthChangeMm > $0.errorMm }.count
        lossesDetected = changes.filter { $0.truthChangeMm > $0.errorMm && $0.measuredChangeMm > $0.errorMm }.count
        guard !samples.isEmpty else { return }
        let n = Double(samples.count)
        let errors = changes.map(\.changeErrorMm)
        let bias = errors.reduce(0, +) / n
        // The sample SD (n − 1), as the limits of agreement are usually given; 0 for a single site.
        let sd = samples.count > 1 ? (errors.reduce(0) { $0 + ($1 - bias) * ($1 - bias) } / (n - 1)).squareRoot() : 0
        truthChangeMm = changes.reduce(0) { $0 + $1.truthChangeMm } / n
        biasMm = bias
        sdMm = sd
        limitsMm = [bias - 1.96 * sd, bias + 1.96 * sd]
        let worstIndex = errors.indices.max { abs(errors[$0]) < abs(errors[$1]) }!
        worstMm = abs(errors[worstIndex])
        worstAt = samples[worstIndex].label
        allowedMm = [changes.map(\.errorMm).min()!, changes.map(\.errorMm).max()!]
    }
}
