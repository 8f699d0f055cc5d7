import ImplantAnalysis

/// Maps gray values to 8-bit display values: `lower` and below black, `upper` and above white, linear
/// between; outside the scan black.
///
/// CBCT gray values are not HU (CLINICAL.md §1), so the default window comes from the scan's own levels
/// rather than a fixed HU window: from half a soft-tissue-to-bone span below soft tissue (soft tissue is
/// dark gray, air black) to two spans above the bone median, capped at the metal threshold (cortical bone
/// near white, metal white).
public struct BoneWindow: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        precondition(upper > lower, "a window is wider than zero")
        self.lower = lower
        self.upper = upper
    }

    public init(levels: GrayLevels) {
        let span = max(100, levels.bone - levels.softTissue)
        let lower = levels.softTissue - span / 2
        self.init(lower: lower, upper: max(lower + 100, min(levels.metalThreshold, levels.bone + 2 * span)))
    }

    public func gray8(_ v: Double) -> UInt8 {
        guard !v.isNaN else { return 0 }
        let t = (v - lower) / (upper - lower)
        return UInt8(min(255, max(0, (t * 255).rounded())))
    }

    public func gray8(_ image: SampledImage) -> [UInt8] { image.values.map(gray8) }
}
