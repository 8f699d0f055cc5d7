import Measurements
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
    /// The scanner's calibration (`BloomingCalibrator`): the density shells divide out its blooming and are given in HU
    /// through it. Nil: the published blooming, and densities in the scan's own values (HU only when `calibrated`).
    public var calibration: DeviceCalibration?

    /// Whether the density shells and the Misch class are in HU.
    public var densitiesInHU: Bool { calibrated || calibration != nil }

    public static let defaultArtifactMarginMm = 0.5

    public init(metalThresholdHU: Double? = nil, buccalDirection: SIMD3<Double>? = nil, collarMm: Double = 0,
                artifactMarginMm: Double = AnalysisOptions.defaultArtifactMarginMm, calibrated: Bool = false,
                calibration: DeviceCalibration? = nil) {
        self.metalThresholdHU = metalThresholdHU
        self.buccalDirection = buccalDirection
        self.collarMm = collarMm
        self.artifactMarginMm = artifactMarginMm
        self.calibrated = calibrated
        self.calibration = calibration
    }
}
