import Foundation
import Measurements
import VolumeCore

/// Calibrates a scanner from one scan of a calibration insert: an implant standing in a block of bone-equivalent
/// material of known density (HU), with soft tissue and air around it, on the device and protocol to calibrate.
///
/// Around the implant the insert is uniform, so its gray value at a distance d from the thread envelope is
/// water + (insert − water)(1 + s·f(d)), f the published blooming (`BloomingModel.fraction`). The insert's own value is
/// the median where blooming has died out (6–7 mm out); the device's blooming scale s is fitted by least squares on the
/// medians of 0.125 mm bands from 1 to 2 mm out, where the published figures were measured (medians: robust to the
/// metal's streaks). Water is read from the scan's air and soft tissue (`GrayLevels.water`). Insert and water are the
/// two references that map the device's gray values to HU (CLINICAL.md §1).
public enum BloomingCalibrator {
    /// Distances from the thread envelope where the blooming is fitted (mm): from 1 mm, where the metal edge's blurred
    /// tail has died out (`ImplantMeasurer.edgeTail`) and the density shells start, to 2 mm, the farthest published
    /// figure (Benic 2013: +14 %).
    public static let fitGapsMm = 1.0..<2.0
    public static let bandMm = 0.125
    /// Where the insert's own value is read (mm from the thread envelope): the published blooming, halving every mm
    /// beyond 2 mm, is under 1 % there.
    public static let clearGapsMm = 6.0..<7.0
    /// Depths read, as fractions of the implant's length below the shoulder: clear of the insert's top face (whose
    /// blur mixes soft tissue in) and of the apex's end.
    public static let depthFractions = 0.3..<0.9
    /// A band lies inside the insert when at least this share of its voxels reads above the bone threshold.
    public static let insideShare = 0.9
    /// The insert must read at least this many gray values above water.
    public static let minimumContrastGray = 100.0

    /// The device's calibration from a scan of the insert; `insertHU` is the insert's stated density.
    public static func calibrate(_ volume: Volume<Int16>, insertHU: Double, source: String) throws(CalibrationError) -> DeviceCalibration {
        func failure(_ problem: CalibrationError.Problem) -> CalibrationError { CalibrationError(source: source, problem: problem) }
        guard insertHU > 0 else { throw failure(.insertHUNotPositive(insertHU)) }
        let levels = GrayLevels(histogram: volume.histogram(), metalThreshold: nil)
        let located = ImplantAnalyzer.findImplants(volume, levels: levels, options: AnalysisOptions()) { _ in false }.located
        guard let implant = located.first else { throw failure(.noImplant) }
        guard located.count == 1 else { throw failure(.severalImplants(located.count)) }
        // Only the thread envelope is needed: no streak model is estimated (the bands' medians stand against streaks).
        let measurer = ImplantMeasurer(volume: volume, frame: implant.frame, levels: levels, options: AnalysisOptions(),
                                       streaks: StreakField(models: []))
        let length = implant.frame.length, bands = Int(((fitGapsMm.upperBound - fitGapsMm.lowerBound) / bandMm).rounded())
        let depths = depthFractions, fit = fitGapsMm, clear = clearGapsMm
        // Bins 0..<bands: the fitted bands; bin `bands`: the insert clear of blooming.
        let values = measurer.valuesBeside(gaps: fitGapsMm.lowerBound..<clearGapsMm.upperBound, binCount: bands + 1, bin: { d, gap in
            guard depths.contains(d / length) else { return nil }
            if fit.contains(gap) { return min(bands - 1, Int((gap - fit.lowerBound) / bandMm)) }
            return clear.contains(gap) ? bands : nil
        }, transform: { v, _ in v })
        var medians: [Double] = []
        for band in values {
            let inside = band.filter { $0 >= levels.boneThreshold }.count
            guard !band.isEmpty, Double(inside) >= insideShare * Double(band.count) else {
                throw failure(.insertTooSmall(reachMm: clearGapsMm.upperBound))
            }
            var sorted = band
            medians.append(OrderStatistic.select(band.count / 2, in: &sorted))
        }
        let insert = medians[bands]
        let water = levels.water
        guard insert - water >= minimumContrastGray else { throw failure(.insertNotAboveWater(insertGray: insert, waterGray: water)) }
        // y = (median − insert) / (insert − water) = s · f: least squares through the origin.
        let f = (0..<bands).map { BloomingModel.fraction(atDistance: fitGapsMm.lowerBound + (Double($0) + 0.5) * bandMm) }
        let y = (0..<bands).map { (medians[$0] - insert) / (insert - water) }
        let sff = f.reduce(0) { $0 + $1 * $1 }
        let scale = zip(f, y).reduce(0) { $0 + $1.0 * $1.1 } / sff
        let rss = zip(f, y).reduce(0) { $0 + ($1.1 - scale * $1.0) * ($1.1 - scale * $1.0) }
        return DeviceCalibration(insertHU: insertHU, waterGray: water, insertGray: insert, bloomingScale: max(0, scale),
                                 bloomingScaleSE: (rss / Double(bands - 1) / sff).squareRoot(),
                                 residualGray: (rss / Double(bands)).squareRoot() * (insert - water),
                                 voxelMm: volume.geometry.spacing.min(), source: source)
    }
}
