import Foundation

/// Metal blooming as published: gray values raised by about 45 % at 0.5 mm from the implant surface,
/// 28 % at 1 mm and 14 % at 2 mm (Benic 2013; CLINICAL.md §1), a relative change of positive values,
/// interpolated log-linearly (beyond 2 mm: halving every mm). The analysis divides it out near metal.
/// The change is relative to water (0 HU): on a scale whose 0 is not water's (uncalibrated CBCT, a PNG stack)
/// the correction is taken about the scan's own water level (`GrayLevels.water`).
/// Devices bloom more or less than the published figures: a scanner calibration (`DeviceCalibration`) measures the
/// multiplier of the table for one device, and the density shells divide out that much. The bone test keeps the
/// published figures: bone levels do not depend on whether a calibration was given.
public enum BloomingModel {
    public static let table: [(distanceMm: Double, fraction: Double)] = [(0.5, 0.45), (1, 0.28), (2, 0.14)]

    public static func fraction(atDistance d: Double) -> Double {
        let t = table
        if d <= t[0].distanceMm { return t[0].fraction }
        if d >= t[t.count - 1].distanceMm { return t[t.count - 1].fraction * pow(0.5, d - t[t.count - 1].distanceMm) }
        for i in 1..<t.count where d <= t[i].distanceMm {
            let w = (d - t[i - 1].distanceMm) / (t[i].distanceMm - t[i - 1].distanceMm)
            return exp(log(t[i - 1].fraction) + (log(t[i].fraction) - log(t[i - 1].fraction)) * w)
        }
        return 0
    }

    /// The value without blooming, for a gray value `distance` mm outside the metal in a scan whose water
    /// (0 HU) reads `water`, on a device that blooms `scale` times the table.
    public static func corrected(_ value: Double, distance: Double, water: Double, scale: Double = 1) -> Double {
        value > water ? water + (value - water) / (1 + scale * fraction(atDistance: distance)) : value
    }
}
