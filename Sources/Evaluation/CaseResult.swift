import Measurements

/// One phantom compared: which implants were found, missed or invented, and the errors of each pair.
public struct CaseResult: Codable, Sendable, Equatable {
    /// "seed 17" or "preset tilted".
    public var label: String
    public var seed: UInt64
    /// The preset's name, for the fixed presets.
    public var preset: String?
    public var voxelMm: Double
    public var truthImplants: Int
    public var measuredImplants: Int
    /// The pairs, ordered by the truth index.
    public var implants: [MatchedImplant]
    /// Truth indices of the implants the analysis did not report within the matching radius.
    public var missed: [Int]
    /// Indices (in the analysis output) of reported implants with no truth implant within the radius.
    public var falseImplants: [Int]
    /// Metal crowns and fillings in the phantom (the analysis must report none of them as an implant).
    public var nonImplantMetalObjects: Int
    /// False implants in a phantom that holds crowns or fillings, up to their number: the truth does not
    /// say where the teeth are, so a false implant there is taken as that metal reported as an implant.
    public var metalReportedAsImplants: Int
    /// The metal objects the analysis found but did not measure, with its reasons (why an implant was missed).
    public var excluded: [ExcludedObject]
    /// Why the phantom or the analysis failed; every truth implant is then missed.
    public var failure: String?
    /// The scanner calibration the analysis was given (`AccuracyRun.calibratedAnalysis`); nil for a blind analysis.
    public var deviceCalibration: DeviceCalibration?

    /// Compares the analysis output with the truth of one phantom (`PhantomTruth` broken into its parts).
    public init(label: String, seed: UInt64, preset: String? = nil, voxelMm: Double, truth: [ImplantMeasurement],
                nonImplantMetalObjects: Int, grayScale: Double, grayOffset: Double, measured: ScanMeasurements) {
        self.label = label
        self.seed = seed
        self.preset = preset
        self.voxelMm = voxelMm
        truthImplants = truth.count
        measuredImplants = measured.implants.count
        let match = ImplantMatcher.match(truth: truth, measured: measured.implants)
        // Densities the analysis gives in HU (a calibrated scan) are compared with the truth's HU.
        let inHU = measured.scan.calibrated
        implants = match.pairs.map { p in
            MatchedImplant(label: "\(label) #\(p.truthIndex)", truthIndex: p.truthIndex, measuredIndex: p.measuredIndex,
                           errors: ImplantErrors(measured: measured.implants[p.measuredIndex], truth: truth[p.truthIndex],
                                                 grayScale: inHU ? 1 : grayScale, grayOffset: inHU ? 0 : grayOffset))
        }
        missed = match.missedTruth
        falseImplants = match.falseMeasured
        self.nonImplantMetalObjects = nonImplantMetalObjects
        metalReportedAsImplants = min(match.falseMeasured.count, nonImplantMetalObjects)
        excluded = measured.excluded
        failure = nil
        deviceCalibration = measured.scan.deviceCalibration
    }

    /// A phantom that could not be made or analysed: all of its implants count as missed.
    public init(label: String, seed: UInt64, preset: String? = nil, voxelMm: Double, truthImplants: Int,
                nonImplantMetalObjects: Int, failure: String) {
        self.label = label
        self.seed = seed
        self.preset = preset
        self.voxelMm = voxelMm
        self.truthImplants = truthImplants
        measuredImplants = 0
        implants = []
        missed = Array(0..<truthImplants)
        falseImplants = []
        self.nonImplantMetalObjects = nonImplantMetalObjects
        metalReportedAsImplants = 0
        excluded = []
        self.failure = failure
    }
}
