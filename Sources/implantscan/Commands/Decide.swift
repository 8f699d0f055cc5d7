import ArgumentParser
import Decision
import Foundation

struct Decide: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recommend treatment for the implants of a measurements file (CLINICAL.md §4), with the rules behind it.",
        discussion: "Without --findings the answer uses the scan alone and lists what it could not decide. "
            + "Findings describe one site: with several implants, name it with --implant. See docs/findings.md.")

    @Option(help: "measurements.json written by `analyze`.")
    var measurements: String

    @Option(help: "Clinical findings JSON (docs/findings.md).")
    var findings: String?

    @Option(help: "Rules file overriding thresholds by rule id (see `implantscan rules`).")
    var rules: String?

    @Option(help: "Decide for this implant only (1-based, in the order of the measurements).")
    var implant: Int?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if let n = implant, n < 1 { throw ValidationError("--implant must be 1 or more") }
    }

    func run() throws {
        let scan = try DecisionFile.measurements(try bytes(measurements), path: measurements)
        let clinical = try findings.map { try DecisionFile.findings(try bytes($0), path: $0) }
        let table = try rules.map { try DecisionFile.rules(try bytes($0), path: $0) } ?? .standard
        let report = try DecisionReport.decide(scan, findings: clinical, rules: table, implant: implant)
        print(json ? RecommendationSummary.json(report) : RecommendationSummary.text(report))
    }
}

/// The bytes of a file, or a one-line error naming it.
func bytes(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw DecisionFile.Failure(path: path, reason: "cannot be read")
    }
    return data
}
