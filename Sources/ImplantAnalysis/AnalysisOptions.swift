import VolumeCore

/// What the user may tell the analysis beyond the scan.
public struct AnalysisOptions: Sendable, Equatable {
    /// Metal threshold in the scan's gray values; nil chooses it from the histogram.
    public var metalThresholdHU: Double?
    /// Buccal direction (LPS) overriding the one found from the arch.
    public var buccalDirection: SIMD3<Double>?
    /// Polished collar of a tissue-level implant: the reference subtracted from bone levels.
    public var collarMm: Double
    /// Distance from the implant surface skipped because of blooming (CLINICAL.md §1: +45 % at 0.5 mm).
    public var artifactMarginMm: Double
    /// Whether the gray values are calibrated HU.
    public var calibrated: Bool

    public static let defaultArtifactMarginMm = 0.5

    public init(metalThresholdHU: Double? = nil, buccalDirection: SIMD3<Double>? = nil, collarMm: Double = 0,
                artifactMarginMm: Double = AnalysisOptions.defaultArtifactMarginMm, calibrated: Bool = false) {
        self.metalThresholdHU = metalThresholdHU
        self.buccalDirection = buccalDirection
        self.collarMm = collarMm
        self.artifactMarginMm = artifactMarginMm
        self.calibrated = calibrated
    }
}
