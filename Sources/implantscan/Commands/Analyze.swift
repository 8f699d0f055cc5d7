import Foundation
import ArgumentParser
import Decision
import ImplantAnalysis
import Measurements
import Report
import ScanIO

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find every implant in a scan and measure the bone around it.")

    @OptionGroup var scan: ScanOptions

    @Flag(help: "Print the measurements as JSON instead of the summary.")
    var json = false

    @Option(help: "Folder for measurements.json, recommendations.json, the figures and report.html (created if needed).")
    var out: String?

    @Option(help: ArgumentHelp("Buccal direction in LPS, overriding the one found from the arch.", valueName: "x,y,z"))
    var buccal: String?

    @Option(help: "Polished collar height of a tissue-level implant (mm), subtracted from bone levels.")
    var collar: Double = 0

    @Option(help: "Distance from the implant surface skipped because of metal blooming (mm).")
    var artifactMargin: Double = AnalysisOptions.defaultArtifactMarginMm

    @Option(help: "Metal threshold in the scan's gray values (default: from the histogram).")
    var metalThreshold: Double?

    @Flag(help: "The gray values are calibrated HU (density classes are then not marked indicative).")
    var calibrated = false

    @Option(help: "Clinical findings JSON (docs/findings.md) for the recommendation.")
    var findings: String?

    @Option(help: "Rules file overriding decision thresholds (see `implantscan rules`).")
    var rules: String?

    @Option(help: "The implant the findings describe (1-based), when the scan has several.")
    var implant: Int?

    func validate() throws {
        if let b = buccal, Vector3Argument.parse(b) == nil { throw ValidationError("--buccal takes x,y,z (an LPS direction)") }
        if collar < 0 || artifactMargin < 0 || artifactMargin > 3 { throw ValidationError("--collar ≥ 0 and --artifact-margin 0–3 mm") }
    }

    func run() throws {
        let loaded = try ScanLoader.load(path: scan.scan, options: scan.loadOptions)
        let options = AnalysisOptions(metalThresholdHU: metalThreshold, buccalDirection: buccal.flatMap(Vector3Argument.parse),
                                      collarMm: collar, artifactMarginMm: artifactMargin, calibrated: calibrated)
        let analysis = ImplantAnalyzer.analyzeInDetail(loaded.volume, options: options, source: scan.scan,
                                                       seriesUID: loaded.info.chosenSeriesUID, studyDate: loaded.info.studyDate,
                                                       clampedVoxels: loaded.info.clampedVoxels)
        let measurements = analysis.measurements
        let clinical = try findings.map { try DecisionFile.findings(try bytes($0), path: $0) }
        let table = try rules.map { try DecisionFile.rules(try bytes($0), path: $0) } ?? .standard
        let report = try DecisionReport.decide(measurements, findings: clinical, rules: table, implant: implant)
        if let out {
            let reportFiles = try AnalysisReport.files(volume: loaded.volume, analysis: analysis, decisions: report, rules: table)
            try MeasurementsFile.write(measurements, toFolder: out)
            try MeasurementsFile.write(text: RecommendationSummary.json(report), toFolder: out, name: "recommendations.json")
            try AnalysisReport.write(reportFiles, toFolder: out)
        }
        print(json ? MeasurementSummary.json(measurements)
              : MeasurementSummary.text(measurements) + "\n\n" + RecommendationSummary.text(report))
    }
}

/// "x,y,z" → a vector.
enum Vector3Argument {
    static func parse(_ text: String) -> SIMD3<Double>? {
        let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, parts.allSatisfy(\.isFinite), parts.contains(where: { $0 != 0 }) else { return nil }
        return SIMD3(parts[0], parts[1], parts[2])
    }
}
