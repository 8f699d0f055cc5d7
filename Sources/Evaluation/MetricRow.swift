/// One line of the accuracy table for a measured quantity: how many samples, their mean absolute error,
/// mean signed error (bias), worst absolute error and where it occurred, and the target.
public struct MetricRow: Codable, Sendable, Equatable {
    public var metric: String
    /// "mm", "°" or "HU".
    public var unit: String
    /// "all", "≤ 0.25 mm" or "> 0.25 mm".
    public var voxels: String
    public var count: Int
    public var meanAbsolute: Double?
    /// Mean signed error (measured − truth); nil for quantities without a sign (axis angle, distances).
    public var bias: Double?
    public var worst: Double?
    /// The sample with the worst error, e.g. "seed 17 #0 buccal 3mm"; nil when every error is 0.
    public var worstAt: String?
    /// Mean of |error| / voxel size; nil for quantities not in mm.
    public var meanAbsoluteVoxels: Double?
    public var target: AccuracyTarget?
    /// Whether the target is met; nil without a target or without samples.
    public var pass: Bool?

    /// One error of one sample; `signed` quantities keep their sign.
    public struct Sample: Sendable, Equatable {
        public var error: Double
        public var voxelMm: Double
        public var label: String

        public init(error: Double, voxelMm: Double, label: String) {
            self.error = error
            self.voxelMm = voxelMm
            self.label = label
        }
    }

    public init(metric: String, unit: String, voxels: String, samples: [Sample], signed: Bool, target: AccuracyTarget?) {
        self.metric = metric
        self.unit = unit
        self.voxels = voxels
        self.target = target
        count = samples.count
        guard !samples.isEmpty else {
            meanAbsolute = nil; bias = nil; worst = nil; worstAt = nil; meanAbsoluteVoxels = nil; pass = nil
            return
        }
        // A value that is not finite (an analysis that returned NaN) counts as an infinitely large error.
        let absolute = samples.map { $0.error.isFinite ? abs($0.error) : .infinity }
        let n = Double(samples.count)
        let mae = absolute.reduce(0, +) / n
        let worstIndex = absolute.indices.max { absolute[$0] < absolute[$1] }!
        let largest = absolute[worstIndex]
        let maeVoxels = unit == "mm" ? zip(absolute, samples).reduce(0) { $0 + $1.0 / $1.1.voxelMm } / n : nil
        meanAbsolute = mae
        bias = signed ? samples.reduce(0) { $0 + ($1.error.isFinite ? $1.error : .infinity) } / n : nil
        worst = largest
        worstAt = largest > 0 ? samples[worstIndex].label : nil
        meanAbsoluteVoxels = maeVoxels
        pass = target.map { t in
            (t.maxMeanAbsolute.map { mae <= $0 } ?? true)
                && (t.maxWorst.map { largest <= $0 } ?? true)
                && (t.maxMeanAbsoluteVoxels.map { bound in maeVoxels.map { $0 <= bound } ?? false } ?? true)
        }
    }
}
