import Foundation
import Measurements
import Testing
@testable import Batch

/// A fresh empty folder under the temporary directory.
func temporaryFolder(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "/implantscan-batch-tests-\(name)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) {
    try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                             withIntermediateDirectories: true)
    try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// 128 bytes of preamble and "DICM": what `FileKind` recognises as DICOM without a name.
let dicomPreamble = String(repeating: "\0", count: 128) + "DICM"

let fixtureMeasurements = ScanMeasurements(
    scan: ScanDescriptor(source: "fixture", size: [10, 10, 10], spacingMm: [0.2, 0.2, 0.2], originMm: [0, 0, 0],
                         direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], seriesUID: "2.25.1", studyDate: "20260101",
                         calibrated: false, clampedVoxels: 0),
    metalThresholdHU: 2100, implants: [], excluded: [], notes: ["a note"])

/// Writes the fixture's measurements JSON into `folder` for a fake analyzer to print; returns its path.
func writeFixture(in folder: String) throws -> String {
    let path = folder + "/fixture.json"
    try JSONEncoder().encode(fixtureMeasurements).write(to: URL(fileURLWithPath: path))
    return path
}
