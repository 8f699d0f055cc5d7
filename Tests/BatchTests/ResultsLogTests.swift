import Foundation
import Measurements
import Testing
@testable import Batch

@Suite struct ResultsLogTests {
    @Test func refusesExistingResultsWithoutResume() throws {
        let folder = temporaryFolder("log")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/r.jsonl"
        write("{\"scan\":\"a\"}\n", to: path)
        #expect(throws: BatchError.outputExists(path: path)) { try ResultsLog(path: path, resume: false) }
    }

    /// A run killed while writing leaves a cut last line: resume cuts it from the file (that scan runs
    /// again), so the file holds whole records only (what `records import` requires).
    @Test func resumesPastACutLastLine() throws {
        let folder = temporaryFolder("log")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/r.jsonl"
        do {
            let log = try ResultsLog(path: path, resume: false)
            try log.append(BatchRecord(scan: "a", status: .ok, seconds: 1.5, measurements: fixtureMeasurements))
            try log.append(BatchRecord(scan: "b", status: .failed, error: "b/x.dcm: not DICOM", seconds: 0.25))
        }
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data("{\"scan\":\"c\",\"sta".utf8))
        try handle.close()

        let log = try ResultsLog(path: path, resume: true)
        #expect(log.recordedScans == ["a", "b"])
        try log.append(BatchRecord(scan: "c", status: .ok, seconds: 2, measurements: fixtureMeasurements))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("\"sta{"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[3].isEmpty)  // three records, each ending in a newline
        let records = try lines.dropLast().map { try JSONDecoder().decode(BatchRecord.self, from: Data($0.utf8)) }
        #expect(records.map(\.scan) == ["a", "b", "c"])
        #expect(records[0].measurements == fixtureMeasurements)
        #expect(records[1].error == "b/x.dcm: not DICOM")
    }
}
