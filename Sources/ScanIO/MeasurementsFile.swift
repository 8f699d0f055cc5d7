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
        try AtomicFile.write(Array(text.utf8) + [0x0A], to: folder + "/" + name)
    }
}
