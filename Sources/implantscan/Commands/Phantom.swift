import ArgumentParser
import Phantom
import ScanIO

struct PhantomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phantom",
        abstract: "Generate a synthetic CBCT scan of implants in a jaw segment, with its exact ground truth.",
        usage: "implantscan phantom --out <dir> (--spec <file> | --preset <name> | --random) [--seed <n>] [--calibration-scan] [--format <format>] [--transfer-syntax <syntax>]",
        discussion: "Presets: " + PhantomPreset.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; "))

    @Option(help: "New folder to write (scan files, spec.json, truth.json).")
    var out: String

    @Option(help: "Phantom spec (JSON; see docs/phantom-spec.md).")
    var spec: String?

    @Option(help: "A named spec: \(PhantomPreset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var preset: String?

    @Flag(help: "Draw a varied spec from the seed (voxel size, tilt, defect class, walls, noise, artifacts, pose).")
    var random = false

    @Option(help: "Seed for noise, texture and streaks; the same spec and seed give the same bytes.")
    var seed: UInt64 = 1

    @Flag(help: "Write the calibration scan of that spec's scanner instead (`implantscan calibrate`): one titanium implant in a uniform \(Int(CalibrationPhantom.insertHU)) HU insert, with the same voxel size, gray scale, blur, noise, blooming and streaks.")
    var calibrationScan = false

    @Option(help: "dicom (one file per slice), multiframe (one Enhanced CT file) or png (16-bit stack + geometry.json).")
    var format: String = PhantomFormat.dicom.rawValue

    @Option(help: "DICOM transfer syntax: \(DICOMTransferSyntax.allCases.map(\.rawValue).joined(separator: ", ")).")
    var transferSyntax: String = DICOMTransferSyntax.explicit.rawValue

    @Option(help: "StudyDate written to the DICOM files (YYYYMMDD).")
    var studyDate: String = "20260101"

    func validate() throws {
        if [spec != nil, preset != nil, random].filter({ $0 }).count != 1 {
            throw ValidationError("give exactly one of --spec, --preset and --random")
        }
        if let p = preset, PhantomPreset(rawValue: p) == nil {
            throw ValidationError("unknown preset \(p); presets: \(PhantomPreset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if PhantomFormat(rawValue: format) == nil { throw ValidationError("--format must be dicom, multiframe or png") }
        if DICOMTransferSyntax(rawValue: transferSyntax) == nil {
            throw ValidationError("--transfer-syntax must be one of \(DICOMTransferSyntax.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let scanSpec = try spec.map { try PhantomSpecFile.load(path: $0) }
            ?? preset.map { PhantomPreset(rawValue: $0)!.spec } ?? PhantomRandomizer.spec(seed: seed)
        let phantomSpec = calibrationScan ? CalibrationPhantom.spec(device: scanSpec) : scanSpec
        let phantom = try PhantomGenerator.generate(phantomSpec, seed: seed)
        try PhantomWriter.write(phantom, to: out, format: PhantomFormat(rawValue: format)!,
                                transferSyntax: DICOMTransferSyntax(rawValue: transferSyntax)!, studyDate: studyDate)
    }
}
