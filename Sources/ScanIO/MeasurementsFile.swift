import Foundation
import Measurements

/// Writes `measurements.json` into a folder (created if needed), through a temporary file.
public enum MeasurementsFile {
    public static let fileName = "measurements.json"

    public static func write(_ measurements: ScanMeasurements, toFolder folder: String) throws(OutputError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: folder, reason: "cannot create the folder")
        }
        let bytes = Array(MeasurementSummary.json(measurements).utf8) + [0x0A]
        var failure: OutputError?
        bytes.withUnsafeBytes { raw in
            do throws(OutputError) { try AtomicFile.write(raw, to: folder + "/" + fileName) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
