/// Why a scan cannot calibrate its scanner (`BloomingCalibrator`), naming the scan: each problem says what a
/// calibration scan must hold.
public struct CalibrationError: Error, Equatable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        case insertHUNotPositive(Double)
        case noImplant
        case severalImplants(Int)
        /// The insert does not surround the implant as far as the calibration reads: this many mm from its threads.
        case insertTooSmall(reachMm: Double)
        case insertNotAboveWater(insertGray: Double, waterGray: Double)

        public var description: String {
            switch self {
            case .insertHUNotPositive(let hu):
                return "the insert's density must be above water's 0 HU (given \(hu))"
            case .noImplant:
                return "no implant found: a calibration scan holds one implant in the insert"
            case .severalImplants(let n):
                return "\(n) implants found: a calibration scan holds one implant in the insert"
            case .insertTooSmall(let reach):
                return "the insert does not surround the implant by \(Int(reach)) mm at its middle and apical depths"
            case .insertNotAboveWater(let insert, let water):
                return "the insert reads \(Int(insert.rounded())), not clearly above water (\(Int(water.rounded()))): not bone-equivalent"
            }
        }
    }

    public var source: String
    public var problem: Problem
    public var description: String { "\(source): \(problem)" }
}
