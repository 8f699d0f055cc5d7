import Foundation
import ArgumentParser
import ImplantAnalysis
import Measurements
import ScanIO

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Calibrate a scanner on a scan of an implant in a bone-equivalent insert: its HU scale and its blooming.",
        discussion: "Give the file to `analyze --calibration` (or `batch --calibration`) for scans from the same device and protocol.")

    @OptionGroup var scan: ScanOptions

    @Option(help: "The insert's density, as its maker states it (HU).")
    var insertHu: Double

    @Option(help: "File to write the calibration to (JSON).")
    var out: String?

    @Flag(help: "Print the calibration as JSON instead of the summary.")
    var json = false

    func validate() throws {
        if !(insertHu > 0) { throw ValidationError("--insert-hu must be above water's 0 HU") }
    }

    func run() throws {
        let loaded = try ScanLoader.load(path: scan.scan, options: scan.loadOptions)
        let calibration = try BloomingCalibrator.calibrate(loaded.volume, insertHU: insertHu, source: scan.scan)
        if let out { try AtomicFile.write(Array(calibration.json.utf8), to: out) }
        print(json ? calibration.json : calibration.text, terminator: json ? "" : "\n")
    }
}
