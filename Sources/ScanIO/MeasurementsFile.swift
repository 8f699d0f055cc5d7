import Foundation
import Measurements

/// Writes `measurements.json` (and other result files) into a folder (created if needed), each through a
/// temporary file.
public enum MeasurementsFile {
    public static let fileName = "measurements.json"

    public static func write(_ measurements: ScanMeasurements, toFolder folder: String) throws(OutputError) {
        try write(text: MeasurementSummary.json(measurements), toFolder: folder, name: fileName)
    }

    /// Writes `text` (plus a final newline) as `folder/name`.
    public static func write(text: String, toFolder folder: String, name: String) throws(OutputError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: folder, reason: "cannot create the folder")
        }
        let bytes = Array(text.utf8) + [0x0A]
        var failure: OutputError?
        bytes.withUnsafeBytes { raw in
            do throws(OutputError) { try AtomicFile.write(raw, to: folder + "/" + name) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
