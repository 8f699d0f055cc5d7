import Foundation
import Measurements
import VolumeCore

/// The analysis stage: from a HU volume to the measurements of every implant in it. Pure: no files.
///
/// One pass over the whole volume finds the metal (after one for the histogram); everything else
/// samples only the region around each implant.
public enum ImplantAnalyzer {
    /// An implant's metal: 20–1500 mm³ and elongated (CLINICAL.md §2.1). Crowns and fillings are round.
    public static let implantVolumeRangeMm3 = 20.0...1500.0
    public static let minimumElongation = 1.8
    /// Smaller metal specks are not even listed as excluded objects.
    public static let listedMinimumMm3 = 5.0

    /// - Parameters:
    ///   - source, seriesUID, studyDate, clampedVoxels: what the loader knew about the scan.
    public static func analyze(_ volume: Volume<Int16>, options: AnalysisOptions = AnalysisOptions(), source: String = "",
                               seriesUID: String? = nil, studyDate: String? = nil, clampedVoxels: Int = 0) -> ScanMeasurements {
        measure(volume, options: options, source: source, seriesUID: seriesUID, studyDate: studyDate,
                clampedVoxels: clampedVoxels).0
    }

    /// The measurements together with what a report shows of how they were taken: each implant's frame
    /// and its bone band map (`BoneBandMap`), and the scan's gray levels. The measurements are exactly
    /// those of `analyze`.
    public static func analyzeInDetail(_ volume: Volume<Int16>, options: AnalysisOptions = AnalysisOptions(),
                                       source: String = "", seriesUID: String? = nil, studyDate: String? = nil,
                                       clampedVoxels: Int = 0) -> ScanAnalysis {
        let (measurements, frames, levels) = measure(volume, options: options, source: source, seriesUID: seriesUID,
                                                     studyDate: studyDate, clampedVoxels: clampedVoxels)
        let implants = frames.map { frame, threshold in
            AnalyzedImplant(frame: frame, boneMap: BoneProbe(volume: volume, frame: frame, levels: levels)
                .bandMap(margin: options.artifactMarginMm, threshold: threshold))
        }
        return ScanAnalysis(measurements: measurements, implants: implants, levels: levels)
    }

    /// The measurements and the frames of the implants with their bone-contact thresholds, in the same order.
    private static func measure(_ volume: Volume<Int16>, options: AnalysisOptions, source: String, seriesUID: String?,
                                studyDate: String?, clampedVoxels: Int)
        -> (ScanMeasurements, [(frame: ImplantFrame, contactThreshold: Double)], GrayLevels) {
        var levels = GrayLevels(histogram: volume.histogram(), metalThreshold: options.metalThresholdHU)
        var notes: [String] = []
        var (measured, excluded) = findImplants(volume, levels: levels, options: options, clampedVoxels: clampedVoxels)
        // No object above the threshold is an implant, but a lesser metal peak lies below it (titanium beside a
        // saturating crown): the implants are looked for above the valley before that peak.
        if measured.isEmpty, let lower = levels.lowerMetalThreshold {
            var lowered = levels
            lowered.metalThreshold = lower
            let second = findImplants(volume, levels: lowered, options: options, clampedVoxels: clampedVoxels)
            if !second.measured.isEmpty {
                notes.append(String(format: "metal threshold lowered from %.0f to %.0f: no object above %.0f is an implant",
                                    levels.metalThreshold, lower, levels.metalThreshold))
                (measured, excluded, levels) = (second.measured, second.excluded, lowered)
            }
        }
        measured.sort { $0.measurement.shoulderMm[0] < $1.measurement.shoulderMm[0] }
        let implants = measured.map(\.measurement)
        if implants.isEmpty { notes.append("no implant found") }
        notes.append(String(format: "gray levels: air %.0f, soft tissue %.0f, bone %.0f, bone threshold %.0f, metal threshold %.0f",
                            levels.air, levels.softTissue, levels.bone, levels.boneThreshold, levels.metalThreshold))
        let g = volume.geometry
        let scan = ScanDescriptor(source: source, size: [volume.size.x, volume.size.y, volume.size.z],
                                  spacingMm: [g.spacing.x, g.spacing.y, g.spacing.z], originMm: [g.origin.x, g.origin.y, g.origin.z],
                                  direction: g.direction.columnMajor, seriesUID: seriesUID, studyDate: studyDate,
                                  calibrated: options.calibrated, clampedVoxels: clampedVoxels)
        return (ScanMeasurements(scan: scan, metalThresholdHU: levels.metalThreshold, implants: implants, excluded: excluded,
                                 notes: notes), measured.map { ($0.frame, $0.contactThreshold) }, levels)
    }

    /// The metal objects above `levels.metalThreshold` that are implants, measured, and those that are not.
    private static func findImplants(_ volume: Volume<Int16>, levels: GrayLevels, options: AnalysisOptions, clampedVoxels: Int)
        -> (measured: [(measurement: ImplantMeasurement, frame: ImplantFrame, contactThreshold: Double)], excluded: [ExcludedObject]) {
        let components = MetalSegmentation.components(of: volume, threshold: levels.metalThreshold)
        var measured: [(measurement: ImplantMeasurement, frame: ImplantFrame, contactThreshold: Double)] = []
        var excluded: [ExcludedObject] = []
        for c in components where c.volumeMm3 >= listedMinimumMm3 {
            let center = [c.centroid.x, c.centroid.y, c.centroid.z]
            if !implantVolumeRangeMm3.contains(c.volumeMm3) {
                excluded.append(ExcludedObject(centerMm: center, volumeMm3: c.volumeMm3, reason: c.volumeMm3 < implantVolumeRangeMm3.lowerBound
                    ? "too small for an implant (< 20 mm³)" : "too large for an implant (> 1500 mm³)"))
                continue
            }
            if c.elongation < minimumElongation {
                excluded.append(ExcludedObject(centerMm: center, volumeMm3: c.volumeMm3,
                                               reason: "not elongated (\(String(format: "%.1f", c.elongation)) < \(minimumElongation)): a crown, filling or other dense object"))
                continue
            }
            if c.touchesBoundary {
                excluded.append(ExcludedObject(centerMm: center, volumeMm3: c.volumeMm3,
                                               reason: "cut by the edge of the field of view: not measured",
                                               flag: ExcludedObject.cutByFieldEdge))
                continue
            }
            guard let frame = ImplantFrameEstimator.estimate(c, volume: volume, levels: levels, buccalOverride: options.buccalDirection) else {
                excluded.append(ExcludedObject(centerMm: center, volumeMm3: c.volumeMm3, reason: "no implant frame could be fitted",
                                               flag: ExcludedObject.noImplantFrame))
                continue
            }
            let measurer = ImplantMeasurer(volume: volume, frame: frame, levels: levels, options: options)
            let threshold = measurer.probe.contactThreshold(margin: options.artifactMarginMm)
            measured.append((measurer.measure(clampedVoxels: clampedVoxels, contactThreshold: threshold), frame, threshold))
        }
        return (measured, excluded)
    }
}
