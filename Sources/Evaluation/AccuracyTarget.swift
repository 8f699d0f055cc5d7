/// What a row of the accuracy table must reach: bounds on the mean absolute error, the worst error, the
/// mean absolute error in voxels, the share of right answers or a count. Unset bounds are not checked.
public struct AccuracyTarget: Codable, Sendable, Equatable {
    public var maxMeanAbsolute: Double?
    public var maxWorst: Double?
    /// Mean absolute error divided by each sample's voxel size.
    public var maxMeanAbsoluteVoxels: Double?
    public var minPercentRight: Double?
    public var maxCount: Int?
    /// The target as printed, e.g. "MAE ≤ 0.25 mm, worst ≤ 0.5 mm".
    public var text: String

    public init(maxMeanAbsolute: Double? = nil, maxWorst: Double? = nil, maxMeanAbsoluteVoxels: Double? = nil,
                minPercentRight: Double? = nil, maxCount: Int? = nil, unit: String = "") {
        self.maxMeanAbsolute = maxMeanAbsolute
        self.maxWorst = maxWorst
        self.maxMeanAbsoluteVoxels = maxMeanAbsoluteVoxels
        self.minPercentRight = minPercentRight
        self.maxCount = maxCount
        func bound(_ v: Double) -> String { Self.trimmed(v) + (unit.isEmpty ? "" : unit == "°" ? unit : " " + unit) }
        var parts: [String] = []
        if let v = maxMeanAbsolute { parts.append("MAE ≤ \(bound(v))") }
        if let v = maxWorst { parts.append("worst ≤ \(bound(v))") }
        if let v = maxMeanAbsoluteVoxels { parts.append("MAE ≤ \(Self.trimmed(v)) voxel") }
        if let v = minPercentRight { parts.append("≥ \(Self.trimmed(v)) %") }
        if let v = maxCount { parts.append(v == 0 ? "none" : "≤ \(v)") }
        text = parts.joined(separator: ", ")
    }

    /// 0.25 → "0.25", 1.0 → "1".
    static func trimmed(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }

    // The analysis issue's acceptance targets. "Within x" is read as: every sample within x (worst ≤ x).

    /// Site bone levels at voxels of 0.25 mm or less.
    public static let boneLevelFineVoxels = AccuracyTarget(maxMeanAbsolute: 0.25, maxWorst: 0.5, unit: "mm")
    /// Site bone levels at 0.3–0.4 mm voxels: within one voxel on average.
    public static let boneLevelCoarseVoxels = AccuracyTarget(maxMeanAbsoluteVoxels: 1)
    public static let lengthAndDiameter = AccuracyTarget(maxWorst: 0.2, unit: "mm")
    public static let axis = AccuracyTarget(maxWorst: 1, unit: "°")
    public static let shoulder = AccuracyTarget(maxWorst: 0.3, unit: "mm")
    /// Buccal wall thickness where the truth's wall is at least 1.0 mm.
    public static let buccalWall = AccuracyTarget(maxWorst: 0.3, unit: "mm")
    public static let schwarzClass = AccuracyTarget(minPercentRight: 90)
    /// Density shell means, in the scan's gray values.
    public static let density = AccuracyTarget(maxWorst: 30, unit: "HU")
    /// Not among the numbers: no implant missed, none invented, no crown or filling taken for an
    /// implant (`PhantomTruth.nonImplantMetalObjects`: "the analysis must report none of them").
    public static let noneAllowed = AccuracyTarget(maxCount: 0)
}
