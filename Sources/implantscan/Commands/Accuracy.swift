import ArgumentParser
import Evaluation

struct Accuracy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the analysis on freshly generated phantoms against their truth; print the accuracy table.",
        discussion: "Random phantoms (as `phantom --random`) from --seed on, varied in voxel size, tilt, implant, defect, "
            + "walls, noise, artifacts, gray scale and pose; --presets adds the named presets with the SampleScans' seeds. "
            + "Exits with status 1 when a target is not met.")

    @Option(help: "Random phantoms to generate and analyse.")
    var count: Int = 20

    @Option(help: "Seed of the first random phantom; the next ones take the following seeds.")
    var seed: UInt64 = 1

    @Flag(help: "Also run every preset.")
    var presets = false

    @Flag(help: "Calibrate each phantom's scanner first on its calibration scan (`phantom --calibration-scan`, `calibrate`) and analyse with that calibration.")
    var calibrate = false

    @Flag(help: "Print the report as JSON (every phantom and implant, with its errors) instead of the table.")
    var json = false

    @Flag(help: "Print a line per phantom as it is done (not with --json).")
    var verbose = false

    func validate() throws {
        if count < 0 { throw ValidationError("--count must be 0 or more") }
        if count == 0 && !presets { throw ValidationError("nothing to run: give --count above 0 or --presets") }
        if json && verbose { throw ValidationError("--verbose prints text; leave it out with --json") }
    }

    func run() throws {
        let report = AccuracyRun.run(count: count, firstSeed: seed, includePresets: presets,
                                     progress: verbose ? { print(AccuracyRun.progressLine($0)) } : nil,
                                     analyze: calibrate ? AccuracyRun.calibratedAnalysis : AccuracyRun.blindAnalysis)
        print(json ? report.json() : report.text)
        if !report.passed { throw ExitCode.failure }
    }
}
