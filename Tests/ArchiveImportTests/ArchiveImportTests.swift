import Foundation
import Measurements
import Testing
@testable import ArchiveImport
@testable import Batch
@testable import CaseRecords

/// The repository's root (for the SampleScans' truth, whose implants serve as measurements).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// A fresh folder under the temporary directory.
func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "/implantscan-import-tests-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The implants of a SampleScan's truth (the same type the analysis writes).
func sampleImplants(_ name: String) throws -> [ImplantMeasurement] {
    struct Truth: Decodable { var implants: [ImplantMeasurement] }
    let data = try Data(contentsOf: URL(fileURLWithPath: "\(repositoryRoot)/SampleScans/\(name)/truth.json"))
    return try JSONDecoder().decode(Truth.self, from: data).implants
}

/// An analysed scan's record, as `batch` writes it: identity (UID, hash), date and implants given.
func record(_ scan: String, uid: String, hash: String, date: String? = "20240502", implants: [ImplantMeasurement]) -> BatchRecord {
    let m = ScanMeasurements(
        scan: ScanDescriptor(source: "/archive/\(scan)", size: [50, 50, 50], spacingMm: [0.4, 0.4, 0.4], originMm: [0, 0, 0],
                             direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], seriesUID: uid, studyDate: date, calibrated: false,
                             clampedVoxels: 0, contentHash: hash),
        metalThresholdHU: 2100, implants: implants, excluded: [], notes: [])
    return BatchRecord(scan: scan, status: .ok, seconds: 0.3, measurements: m)
}

func jsonLines(_ records: [BatchRecord]) -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return records.map { String(decoding: try! e.encode($0), as: UTF8.self) + "\n" }.joined()
}

func writeFile(_ text: String, _ path: String) -> String {
    try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// [cases, scans] in the store.
func counts(_ store: CaseStore) throws -> [Int] {
    let records = try store.allRecords()
    return [records.count, records.reduce(0) { $0 + $1.scans.count }]
}
