import Foundation
import Measurements
import Testing
@testable import ArchiveImport
@testable import Batch
@testable import CaseRecords

@Suite struct ResultsFileTests {
    @Test func blankLinesAreIgnoredAndEveryRecordKeepsItsLine() throws {
        let one = try sampleImplants("healthy")
        let text = "\n" + jsonLines([record("a", uid: "1", hash: "00000000000000a1", implants: one)]) + "  \n"
            + jsonLines([BatchRecord(scan: "b", status: .failed, error: "x", seconds: 1)])
        let file = try ResultsFile.parse(Data(text.utf8), path: "r.jsonl")
        #expect(file.records.map { $0.line } == [2, 4] && file.records.map { $0.record.scan } == ["a", "b"])
    }

    @Test func anAnalysedRecordNeedsItsMeasurements() {
        #expect(throws: ImportError.malformedLine(path: "r.jsonl", line: 1, reason: "a: status ok without measurements")) {
            try ResultsFile.parse(Data(#"{"scan":"a","status":"ok","seconds":1}"#.utf8), path: "r.jsonl")
        }
        #expect(throws: ImportError.malformedLine(path: "r.jsonl", line: 1, reason: "not a batch record (no \"status\")")) {
            try ResultsFile.parse(Data(#"{"scan":"a","seconds":1}"#.utf8), path: "r.jsonl")
        }
    }
}
