import Foundation
import Measurements
import VolumeCore

/// The analysis stage: from a HU volume to the measurements of every implant in it. Pure: no files.
///
/// One pass over the whole volume finds the metal (after one for the histogram); a second only where the
/// histogram shows a lesser metal peak under the metal threshold (`GrayLevels.lowerMetalThreshold`; 3 of the
/// phantoms of seeds 1–40). Everything else samples only the region around each implant.
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
        let (measurements, found, levels) = measure(volume, options: options, source: source, seriesUID: seriesUID,
                                                    studyDate: studyDate, clampedVoxels: clampedVoxels)
        let implants = found.map { implant in
            AnalyzedImplant(frame: implant.frame,
                            boneMap: implant.probe.bandMap(margin: options.artifactMarginMm, threshold: implant.contactThreshold))
        }
        return ScanAnalysis(measurements: measurements, implants: implants, levels: levels)
    }

    /// An implant as measured: with its frame, bone-contact threshold, and the probe (gray levels, metal streaks and
    /// the edge's tail) it was read with.
    typealias Found = (measurement: ImplantMeasurement, frame: ImplantFrame, contactThreshold: Double, probe: BoneProbe)
    /// An implant's frame and the gray levels (metal threshold) it was found with, before it is measured.
    typealias Located = (frame: ImplantFrame, levels: GrayLevels)

    /// `transform` of every element, computed on all cores at once; the results in the elements' order.
    static func concurrentMap<T>(_ indices: Range<Int>, _ transform: @Sendable (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: indices.count)
        results.withUnsafeMutableBufferPointer { out in
            let shared = UnsafeSendable(out)
            ParallelLoop.run(iterations: indices.count) { i in shared.value[i] = transform(indices.lowerBound + i) }
        }
        return results.map { $0! }
    }

    /// A metal object found above the lower threshold is the same as an implant already found when its centre
    /// lies within this distance (mm) of that implant's axis, shoulder to apex, beyond its surface.
    static let sameImplantMarginMm = 2.0

    /// The measurements and the implants, in the same order, and the scan's gray levels.
    private static func measure(_ volume: Volume<Int16>, options: AnalysisOptions, source: String, seriesUID: String?,
                                studyDate: String?, clampedVoxels: Int) -> (ScanMeasurements, [Found], GrayLevels) {
        let levels = GrayLevels(histogram: volume.histogram(), metalThreshold: options.metalThresholdHU)
        var notes: [String] = []
        var (located, excluded) = findImplants(volume, levels: levels, options: options) { _ in false }
        // A lesser metal peak below the threshold (titanium beside a saturating crown or a zirconia implant): the
        // implants are also looked for above the valley below that peak, and those not found already are added.
        if let lower = levels.lowerMetalThreshold {
            var lowered = levels
            lowered.metalThreshold = lower
            let known = located.map(\.frame)
            let second = findImplants(volume, levels: lowered, options: options) { c in
                known.contains { frame in
                    let (depth, radius) = frame.depthAndRadius(c.centroid)
                    return depth >= -sameImplantMarginMm && depth <= frame.length + sameImplantMarginMm
                        && radius <= (frame.radii.max() ?? 0) + sameImplantMarginMm
                }
            }
            // The objects that are not implants are listed as the first threshold sees them, unless nothing above
            // it was an implant.
            if !second.located.isEmpty {
                notes.append(String(format: "%d implant(s) found only above a lower metal threshold, %.0f (the first, %.0f, is above their metal)",
                                    second.located.count, lower, levels.metalThreshold))
                if located.isEmpty { excluded = second.excluded }
                located += second.located
            }
        }
        // Each implant is read with every implant's streaks subtracted (`StreakField`): its own first. The implants are
        // read side by side, one per core: much of a reading (the band grid, the walls, the frame's refits) runs on
        // one thread, and each implant's reading depends only on the volume and the streak models.
        let streaks = located.map { StreakModel.estimate(volume: volume, frame: $0.frame) }
        let implantsFound = located
        var measured = concurrentMap(implantsFound.indices) { k -> Found in
            let (frame, implantLevels) = implantsFound[k]
            let field = StreakField(models: [streaks[k]] + streaks.indices.filter { $0 != k }.map { streaks[$0] })
            let measurer = ImplantMeasurer(volume: volume, frame: frame, levels: implantLevels, options: options, streaks: field)
            let threshold = measurer.probe.contactThreshold(margin: options.artifactMarginMm)
            return (measurer.measure(clampedVoxels: clampedVoxels, contactThreshold: threshold), frame, threshold, measurer.probe)
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
                                  calibrated: options.densitiesInHU, clampedVoxels: clampedVoxels,
                                  deviceCalibration: options.calibration)
        return (ScanMeasurements(scan: scan, metalThresholdHU: levels.metalThreshold, implants: implants, excluded: excluded,
                                 notes: notes), measured, levels)
    }

    /// The metal objects above `levels.metalThreshold` that are implants, with their frames, and those that are not.
    /// Objects for which `known` is true are skipped.
    static func findImplants(_ volume: Volume<Int16>, levels: GrayLevels, options: AnalysisOptions,
                                     known: (MetalComponent) -> Bool) -> (located: [Located], excluded: [ExcludedObject]) {
        let components = MetalSegmentation.components(of: volume, threshold: levels.metalThreshold)
        var located: [Located] = []
        var excluded: [ExcludedObject] = []
        for c in components where c.volumeMm3 >= listedMinimumMm3 && !known(c) {
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
            located.append((frame, levels))
        }
        return (located, excluded)
    }
}
