import ArgumentParser
import Evaluation

struct Repeatability: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan the same phantom jaw twice and measure what `case history` reports between the two scans.",
        discussion: "Random phantoms (as `phantom --random`) from --seed on, each scanned again on the same device with the "
            + "head repositioned and new noise and streaks; --bone-loss makes every defect that much deeper in the second "
            + "scan. Prints, per site, the measured change against the true change, how often an unchanged site is "
            + "reported as changed beyond the error `case history` allows, and how often a real loss is reported.")

    @Option(help: "Jaws to generate, each scanned twice.")
    var count: Int = 20

    @Option(help: "Seed of the first jaw; the next ones take the following seeds.")
    var seed: UInt64 = 1

    @Option(help: "How much deeper (mm) every defect is in the second scan.")
    var boneLoss: Double = 0

    @Flag(help: "Print the report as JSON (every pair, implant and site) instead of the table.")
    var json = false

    @Flag(help: "Print a line per jaw as it is done (not with --json).")
    var verbose = false

    func validate() throws {
        if count < 1 { throw ValidationError("--count must be 1 or more") }
        if !(boneLoss >= 0 && boneLoss <= 5) { throw ValidationError("--bone-loss is 0–5 mm") }
        if json && verbose { throw ValidationError("--verbose prints text; leave it out with --json") }
    }

    func run() throws {
        let report = RepeatabilityRun.run(count: count, firstSeed: seed, boneLossMm: boneLoss,
                                          progress: verbose ? { print(RepeatabilityRun.progressLine($0)) } : nil,
                                          analyze: AccuracyRun.blindAnalysis)
        print(json ? report.json() : report.text)
    }
}
