import Foundation
import ArgumentParser
import CaseRecords
import Decision
import ImplantAnalysis
import Measurements
import Report
import ScanIO
import VolumeCore

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find every implant in a scan and measure the bone around it.")

    @OptionGroup var scan: ScanOptions

    @Flag(help: "Print the measurements as JSON instead of the summary.")
    var json = false

    @Flag(help: "Add the scan's content hash (its identity in the case store, with the SeriesInstanceUID) to the measurements; batch does, for `records import`.")
    var contentHash = false

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

    @Option(help: "The scanner's calibration (`implantscan calibrate --out`): its blooming is divided out and densities are given in HU.")
    var calibration: String?

    @Option(help: "Clinical findings JSON (docs/findings.md) for the recommendation.")
    var findings: String?

    @Option(help: "Rules file overriding decision thresholds (see `implantscan rules`).")
    var rules: String?

    @Option(help: "The implant the findings (and --case) describe (1-based), when the scan has several.")
    var implant: Int?

    @Option(name: .customLong("case"), help: "Attach the scan, its measurements and the recommendation to this case.")
    var caseID: String?

    @Option(help: ArgumentHelp("The scan's date for --case (default: its DICOM StudyDate).", valueName: "YYYY-MM-DD"))
    var date: String?

    @Flag(help: "With --case, keep the patient's name, ID and birth date from the DICOM headers and the scan's path (not stored otherwise).")
    var keepIdentifiers = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let b = buccal, Vector3Argument.parse(b) == nil { throw ValidationError("--buccal takes x,y,z (an LPS direction)") }
        if collar < 0 || artifactMargin < 0 || artifactMargin > 3 { throw ValidationError("--collar ≥ 0 and --artifact-margin 0–3 mm") }
        if calibrated && calibration != nil { throw ValidationError("give --calibrated (values already HU) or --calibration FILE, not both") }
        if caseID == nil && (date != nil || keepIdentifiers || database.db != nil) {
            throw ValidationError("--date, --keep-identifiers and --db go with --case")
        }
    }

    func run() throws {
        // Case problems (bad date, database, unknown case) are reported before the slow part.
        let explicitDate = try CaseDate.argument(date, what: "--date")
        // Findings and rules files are read before the slow part, so that a malformed one fails at once.
        let clinical = try findings.map { try DecisionFile.findings(try bytes($0), path: $0) }
        let table = try rules.map { try DecisionFile.rules(try bytes($0), path: $0) } ?? .standard
        let device = try calibration.map { try DeviceCalibration.fromJSON(try bytes($0), path: $0) }
        // Before anything is written: an --out folder that cannot take files is refused now, not after a
        // case record was attached.
        if let out { try MeasurementsFile.checkWritable(folder: out) }
        let store = try caseID.map { id in
            let s = try database.open(.readWrite)
            try s.requireCase(id)
            return s
        }
        let loaded = try ScanLoader.load(path: scan.scan, options: scan.loadOptions)
        let options = AnalysisOptions(metalThresholdHU: metalThreshold, buccalDirection: buccal.flatMap(Vector3Argument.parse),
                                      collarMm: collar, artifactMarginMm: artifactMargin, calibrated: calibrated,
                                      calibration: device)
        // The band maps the report draws are read only when there is a report to write.
        let analysis = out == nil ? nil : ImplantAnalyzer.analyzeInDetail(
            loaded.volume, options: options, source: scan.scan, seriesUID: loaded.info.chosenSeriesUID,
            studyDate: loaded.info.studyDate, clampedVoxels: loaded.info.clampedVoxels)
        var measurements = analysis?.measurements ?? ImplantAnalyzer.analyze(
            loaded.volume, options: options, source: scan.scan, seriesUID: loaded.info.chosenSeriesUID,
            studyDate: loaded.info.studyDate, clampedVoxels: loaded.info.clampedVoxels)
        // The same fingerprint `--case` stores, so that `records import` of batch results and `--case` agree.
        if contentHash || caseID != nil {
            measurements.scan.contentHash = loaded.volume.withUnsafeBufferPointer {
                ScanFingerprint.of(voxels: UnsafeRawBufferPointer($0), size: measurements.scan.size, spacingMm: measurements.scan.spacingMm)
            }
        }
        let decisions: DecisionReport
        var attached = ""
        if let store, let caseID, let hash = measurements.scan.contentHash {
            let patient = keepIdentifiers ? loaded.info.patient.map { PatientRecord(name: $0.name, id: $0.id, birthDate: $0.birthDate) } : nil
            let attachment = ScanAttachment(
                caseID: caseID, measurements: measurements, contentHash: hash,
                date: try CaseDate.ofScan(explicit: explicitDate, studyDate: measurements.scan.studyDate, source: scan.scan),
                implant: implant, findings: clinical, rules: table, keepIdentifiers: keepIdentifiers, patient: patient)
            let result = try store.attach(attachment)
            decisions = result.decisionReport(source: measurements.scan.source)
            attached = "\n\n" + CaseText.attached(result, caseID: caseID)
        } else {
            decisions = try DecisionReport.decide(measurements, findings: clinical, rules: table, implant: implant)
        }
        if let out, let analysis {
            let reportFiles = try AnalysisReport.files(volume: loaded.volume, analysis: analysis, decisions: decisions, rules: table)
            // All files or none: each is written under a temporary name, and renamed only once all are written.
            let files: [(name: String, text: String)] =
                [(MeasurementsFile.fileName, MeasurementSummary.json(measurements)),
                 ("recommendations.json", RecommendationSummary.json(decisions))] + reportFiles.map { ($0.name, $0.text) }
            try MeasurementsFile.write(files, toFolder: out)
        }
        print(json ? MeasurementSummary.json(measurements)
              : MeasurementSummary.text(measurements) + "\n\n" + RecommendationSummary.text(decisions) + attached)
    }
}
