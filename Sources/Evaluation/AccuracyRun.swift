import ImplantAnalysis
import Measurements
import Phantom
import VolumeCore

/// Measures the analysis on freshly generated phantoms: random specs from consecutive seeds
/// (`PhantomRandomizer`), and optionally the fixed presets, each analysed blind and compared with its truth.
public enum AccuracyRun {
    /// The analysis under test: the gray-value volume (as the loader gives it) and the case → measurements.
    public typealias Analyze = (Volume<Int16>, AccuracyCase) throws -> ScanMeasurements

    /// The analysis as `analyze` runs it on a scan, told only what a clinician would tell it: the collar of a
    /// tissue-level implant (`--collar`), which the scan cannot show.
    public static func blindAnalysis(_ volume: Volume<Int16>, _ phantom: AccuracyCase) -> ScanMeasurements {
        ImplantAnalyzer.analyze(volume, options: AnalysisOptions(collarMm: phantom.spec.implants.first?.collarMm ?? 0),
                                source: phantom.label, clampedVoxels: phantom.clampedVoxels)
    }

    /// The analysis as a site that calibrates its scanner runs it: the calibration scan of the phantom's scanner
    /// (`CalibrationPhantom`, its own noise and streaks) is generated and read (`BloomingCalibrator`), and the phantom is
    /// analysed blind with that calibration (`analyze --calibration`).
    public static func calibratedAnalysis(_ volume: Volume<Int16>, _ phantom: AccuracyCase) throws -> ScanMeasurements {
        let calibration = try scannerCalibration(of: phantom.spec, seed: phantom.seed &+ calibrationSeedOffset)
        return ImplantAnalyzer.analyze(volume, options: AnalysisOptions(collarMm: phantom.spec.implants.first?.collarMm ?? 0,
                                                                        calibration: calibration),
                                       source: phantom.label, clampedVoxels: phantom.clampedVoxels)
    }

    /// The calibration scan's seed is the phantom's plus this, so that its noise is not the phantom's.
    public static let calibrationSeedOffset: UInt64 = 1 << 32

    /// The calibration of the scanner that took `spec`, read from its calibration scan made with `seed`.
    public static func scannerCalibration(of spec: PhantomSpec, seed: UInt64) throws -> DeviceCalibration {
        let scan = try PhantomGenerator.generate(CalibrationPhantom.spec(device: spec), seed: seed)
        let (gray, _) = grayVolume(scan.stored, rescaleIntercept: scan.truth.scan.rescaleIntercept)
        return try BloomingCalibrator.calibrate(gray, insertHU: CalibrationPhantom.insertHU, source: "calibration scan")
    }

    /// Presets are generated with the seeds the SampleScans use (101 for the first preset, in
    /// `PhantomPreset.allCases` order; scripts/make-sample-scans), so that their results match those scans.
    public static let presetFirstSeed: UInt64 = 101

    /// Generates and analyses `count` random phantoms from `firstSeed` on, then (with `includePresets`)
    /// every preset, and compares each with its truth. `progress` sees each case as it is done.
    public static func run(count: Int, firstSeed: UInt64, includePresets: Bool = false,
                           progress: ((CaseResult) -> Void)? = nil, analyze: Analyze) -> AccuracyReport {
        var jobs: [(label: String, seed: UInt64, preset: String?, spec: PhantomSpec)] = (0..<max(0, count)).map { k in
            let seed = firstSeed &+ UInt64(k)
            return ("seed \(seed)", seed, nil, PhantomRandomizer.spec(seed: seed))
        }
        if includePresets {
            for (k, preset) in PhantomPreset.allCases.enumerated() {
                jobs.append(("preset \(preset.rawValue)", presetFirstSeed + UInt64(k), preset.rawValue, preset.spec))
            }
        }
        var results: [CaseResult] = []
        for job in jobs {
            let result = evaluate(spec: job.spec, seed: job.seed, label: job.label, preset: job.preset, analyze: analyze)
            progress?(result)
            results.append(result)
        }
        return AccuracyReport(cases: results)
    }

    /// "seed 17: 0.25 mm, 1 of 1 implant(s) found, 0 false" (or why it failed), for progress output.
    public static func progressLine(_ result: CaseResult) -> String {
        var line = "\(result.label): \(result.voxelMm) mm, \(result.implants.count) of \(result.truthImplants) implant(s) found, "
            + "\(result.falseImplants.count) false"
        if let failure = result.failure { line += "; failed: \(failure)" }
        return line
    }

    /// One phantom: generate, convert to gray values, analyse, compare.
    public static func evaluate(spec: PhantomSpec, seed: UInt64, label: String, preset: String? = nil,
                                analyze: Analyze) -> CaseResult {
        let phantom: GeneratedPhantom
        do {
            phantom = try PhantomGenerator.generate(spec, seed: seed)
        } catch {
            return CaseResult(label: label, seed: seed, preset: preset, voxelMm: spec.volume.voxelMm,
                              truthImplants: spec.implants.count, nonImplantMetalObjects: 0, failure: "\(error)")
        }
        let truth = phantom.truth
        let (gray, clamped) = grayVolume(phantom.stored, rescaleIntercept: truth.scan.rescaleIntercept)
        let info = AccuracyCase(label: label, seed: seed, preset: preset, spec: spec, clampedVoxels: clamped)
        do {
            let measured = try analyze(gray, info)
            return CaseResult(label: label, seed: seed, preset: preset, voxelMm: spec.volume.voxelMm, truth: truth.implants,
                              nonImplantMetalObjects: truth.nonImplantMetalObjects, grayScale: truth.scan.grayScale,
                              grayOffset: truth.scan.grayOffset, measured: measured)
        } catch {
            return CaseResult(label: label, seed: seed, preset: preset, voxelMm: spec.volume.voxelMm,
                              truthImplants: truth.implants.count, nonImplantMetalObjects: truth.nonImplantMetalObjects,
                              failure: "analysis: \(error)")
        }
    }

    /// The gray values a loader produces from the stored values (slope 1): stored + RescaleIntercept,
    /// clamped to Int16, on the same geometry; and the number of clamped voxels.
    public static func grayVolume(_ stored: Volume<UInt16>, rescaleIntercept: Double) -> (Volume<Int16>, clamped: Int) {
        var gray = Volume<Int16>(size: stored.size, geometry: stored.geometry, repeating: 0)
        let intercept = Int32(rescaleIntercept.rounded())
        var clamped = 0
        stored.withUnsafeBufferPointer { src in
            gray.withUnsafeMutableBufferPointer { dst in
                for i in 0..<src.count {
                    let (v, outside) = grayValue(stored: src[i], intercept: intercept)
                    if outside { clamped += 1 }
                    dst[i] = v
                }
            }
        }
        return (gray, clamped)
    }

    /// One stored value as a gray value: stored + intercept, clamped to Int16 (and whether it was).
    @inline(__always)
    static func grayValue(stored: UInt16, intercept: Int32) -> (Int16, clamped: Bool) {
        let v = Int32(stored) + intercept
        return (Int16(clamping: v), v > Int32(Int16.max) || v < Int32(Int16.min))
    }
}
