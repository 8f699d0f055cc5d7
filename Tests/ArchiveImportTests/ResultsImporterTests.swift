import Foundation
import Measurements
import Testing
@testable import ArchiveImport
@testable import Batch
@testable import CaseRecords

/// A class, so that each test's folder is removed when its instance goes away.
@Suite final class ResultsImporterTests {
    let folder = temporaryFolder()

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func map(_ text: String) throws -> CaseMap { try CaseMap.parse(text, path: "\(folder)/cases.csv") }

    @Test func importsOnceThenSkipsEverything() throws {
        let one = try sampleImplants("healthy")
        let results = writeFile(jsonLines([
            record("clinic/a", uid: "2.25.1", hash: "00000000000000a1", implants: one),
            record("clinic/b-2024", uid: "2.25.2", hash: "00000000000000b1", implants: one),
            record("clinic/b-2025", uid: "2.25.3", hash: "00000000000000b2", date: "20250610", implants: one),
            BatchRecord(scan: "clinic/broken", status: .failed, error: "broken/IM1.dcm: not DICOM", seconds: 0.1),
        ]), "\(folder)/r.jsonl")
        let cases = try map("scan,case,site\nclinic/a,K-1,36\nclinic/b-2024,K-2,46\nclinic/b-2025,K-2,46\n")
        let store = try CaseStore.open(path: "\(folder)/cases.sqlite", access: .readWrite)

        let first = ResultsImporter.run(paths: [results], into: store, cases: cases)
        #expect(first.files.map(\.added) == [3] && first.skipped == 0 && first.failedInBatch == 1)
        #expect(first.refusedScans == 0 && first.refusedFiles.isEmpty && !first.hasRefusals)
        #expect(try counts(store) == [2, 3])
        let k2 = try store.record("K-2")
        #expect(k2.info.site == "46" && k2.scans.map(\.date.description) == ["2024-05-02", "2025-06-10"])
        #expect(k2.scans.map(\.contentHash) == ["00000000000000b1", "00000000000000b2"])
        // The second scan's recommendation was given the first as its baseline, as `analyze --case` does.
        #expect(k2.scans[1].baselineBoneLevelMm == one[0].boneLevelMm.max)
        #expect(k2.scans.allSatisfy { $0.source == CaseStore.sourceNotKept })

        let again = ResultsImporter.run(paths: [results], into: store, cases: cases)
        #expect(again.added == 0 && again.skipped == 3 && again.failedInBatch == 1 && !again.hasRefusals)
        #expect(try counts(store) == [2, 3])
        #expect(again.text.hasSuffix("total: 0 added, 3 skipped, 0 refused, 1 failed in batch; 1 file imported, 0 refused"))
    }

    /// A scan is known by UID and content hash, wherever it came from: the same scan under another folder
    /// name, or attached before by `analyze --case`, is skipped.
    @Test func skipsTheSameScanFromAnotherFolderOrFromAnalyzeCase() throws {
        let one = try sampleImplants("healthy")
        let store = try CaseStore.open(path: "\(folder)/cases.sqlite", access: .readWrite)
        try store.createCase(CaseInfo(id: "K-9", site: "36"))
        _ = try store.attach(ScanAttachment(caseID: "K-9", measurements: record("x", uid: "2.25.7", hash: "00000000000000c7",
                                                                                 implants: one).measurements!,
                                            contentHash: "00000000000000c7", date: CaseDate("2024-01-01")!))
        let results = writeFile(jsonLines([
            record("copy/one", uid: "2.25.7", hash: "00000000000000c7", implants: one),
            record("new", uid: "2.25.8", hash: "00000000000000c8", implants: one),
            record("new-again", uid: "2.25.8", hash: "00000000000000c8", implants: one),
        ]), "\(folder)/r.jsonl")
        let report = ResultsImporter.run(paths: [results], into: store, cases: try map("scan,case,site\ncopy/one,K-1,36\nnew,K-2,36\nnew-again,K-3,36\n"))
        #expect(report.added == 1 && report.skipped == 2)
        #expect(try store.caseIDs() == ["K-2", "K-9"])
    }

    @Test func malformedLineRefusesTheWholeFileAndOthersGoOn() throws {
        let one = try sampleImplants("healthy")
        let good = jsonLines([record("a", uid: "2.25.1", hash: "00000000000000a1", implants: one)])
        let cut = writeFile(good + "{\"scan\":\"b\",\"sta\n" + jsonLines([record("c", uid: "2.25.3", hash: "00000000000000c3", implants: one)]),
                            "\(folder)/cut.jsonl")
        var noHash = record("d", uid: "2.25.4", hash: "x", implants: one)
        noHash.measurements!.scan.contentHash = nil
        let old = writeFile(jsonLines([record("e", uid: "2.25.5", hash: "00000000000000e5", implants: one), noHash]), "\(folder)/old.jsonl")
        let fine = writeFile(jsonLines([record("f", uid: "2.25.6", hash: "00000000000000f6", implants: one)]), "\(folder)/fine.jsonl")
        let store = try CaseStore.open(path: "\(folder)/cases.sqlite", access: .readWrite)
        let report = ResultsImporter.run(paths: [cut, old, fine, "\(folder)/missing.jsonl"], into: store,
                                         cases: try map("scan,case,site\na,K-a,36\nc,K-c,36\nd,K-d,36\ne,K-e,36\nf,K-f,36\n"))
        #expect(report.refusedFiles == [
            "\(cut):2: not a batch record (not JSON: cut off or corrupted); nothing imported from it",
            "\(old):2: d: no measurements.scan.contentHash (written by a batch before `records import` existed: run the batch again); nothing imported from it",
            "\(folder)/missing.jsonl: cannot read it (no such file, or not readable); nothing imported from it",
        ])
        #expect(report.files.map(\.path) == [fine] && report.added == 1 && report.hasRefusals)
        #expect(try store.caseIDs() == ["K-f"])
    }

    /// What a transaction wrote is gone when its body throws: a case created and a scan attached.
    @Test func aFailedTransactionLeavesTheStoreAsItWas() throws {
        struct Stop: Error {}
        let one = try sampleImplants("healthy")
        let store = try CaseStore.open(path: "\(folder)/cases.sqlite", access: .readWrite)
        #expect(throws: Stop.self) {
            try store.transaction { tx in
                try tx.createCase(CaseInfo(id: "K-1", site: "36"))
                _ = try tx.attach(ScanAttachment(caseID: "K-1", measurements: record("a", uid: "2.25.1", hash: "00000000000000a1",
                                                                                     implants: one).measurements!,
                                                 contentHash: "00000000000000a1", date: CaseDate("2024-01-01")!))
                #expect(try tx.storedScan(seriesUID: "2.25.1", contentHash: "00000000000000a1")?.caseID == "K-1")
                throw Stop()
            }
        }
        #expect(try counts(store) == [0, 0])
    }

    @Test func scansTheMapCannotPlaceAreRefusedWithTheirReason() throws {
        let one = try sampleImplants("healthy"), two = try sampleImplants("two-implants-crown")
        #expect(two.count == 2)
        let store = try CaseStore.open(path: "\(folder)/cases.sqlite", access: .readWrite)
        try store.createCase(CaseInfo(id: "K-old", site: "11"))
        let results = writeFile(jsonLines([
            record("unmapped", uid: "2.25.1", hash: "0000000000000001", implants: one),
            record("pair", uid: "2.25.2", hash: "0000000000000002", implants: two),
            record("pair-chosen", uid: "2.25.3", hash: "0000000000000003", implants: two),
            record("wrong-site", uid: "2.25.4", hash: "0000000000000004", implants: one),
            record("undated", uid: "2.25.5", hash: "0000000000000005", date: nil, implants: one),
            record("dated", uid: "2.25.6", hash: "0000000000000006", date: nil, implants: one),
            record("empty", uid: "2.25.7", hash: "0000000000000007", implants: []),
        ]), "\(folder)/r.jsonl")
        let cases = try map("""
            scan,case,site,date,implant
            pair,K-p,36,,
            pair-chosen,K-p2,36,,2
            wrong-site,K-old,36,,
            undated,K-u,36,,
            dated,K-d,36,2023-04-01,
            empty,K-e,36,,
            """)
        let report = ResultsImporter.run(paths: [results], into: store, cases: cases)
        #expect(report.added == 2 && report.skipped == 0 && report.hasRefusals)
        #expect(report.files[0].refused == [
            "unmapped: not in the case map \(folder)/cases.csv",
            "pair: the scan holds 2 implants: give the case's in the case map's implant column (1…2)",
            "wrong-site: case K-old has site 11 in the store, the case map says 36",
            "undated: no date: the scan has no valid StudyDate and the case map's date column is empty",
            "empty: no implant found in the scan",
        ])
        #expect(try store.record("K-p2").scans.map(\.trackedImplant) == [2])
        #expect(try store.record("K-d").scans.map(\.date.description) == ["2023-04-01"])
        #expect(try store.caseIDs() == ["K-d", "K-old", "K-p2"])
    }
}
