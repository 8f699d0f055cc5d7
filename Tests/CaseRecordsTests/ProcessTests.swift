import Decision
import Foundation
import GRDB
import Testing
@testable import CaseRecords

/// The real `implantscan` binary against a real database file: re-attaching, concurrent writers, a
/// writer killed mid-transaction, the CSV export, privacy and bad input.
@Suite(.serialized) struct ProcessTests {
    static let healthy = CLI.sample("healthy"), intrabony = CLI.sample("intrabony-ie"), twoImplants = CLI.sample("two-implants-crown")

    func newCase(_ folder: TemporaryFolder, _ id: String = "C1") throws {
        let r = try CLI.run(["case", "create", id, "--site", "36", "--db", "cases.sqlite"], in: folder)
        #expect(r.status == 0, "\(r.err)")
    }

    func counts(_ folder: TemporaryFolder) throws -> [Int] {
        let q = try DatabaseQueue(path: folder.file("cases.sqlite"))
        return try q.read { db in
            try ["scan", "implantMeasurement", "recommendation", "alignment", "findings"].map {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1
            }
        }
    }

    @Test func reattachingTheSameScanDoesNotDuplicateIt() throws {
        let folder = try TemporaryFolder()
        try newCase(folder)
        let first = try CLI.run(["analyze", Self.healthy, "--case", "C1", "--db", "cases.sqlite", "--date", "2020-01-01"], in: folder)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("attached as scan 1"))
        // The same series from another folder (same SeriesInstanceUID, same voxels): recognised.
        let copy = folder.file("copy-of-healthy")
        try FileManager.default.copyItem(atPath: Self.healthy, toPath: copy)
        for path in [Self.healthy, copy] {
            let again = try CLI.run(["analyze", path, "--case", "C1", "--db", "cases.sqlite", "--date", "2020-01-01"], in: folder)
            #expect(again.status == 0, "\(again.err)")
            #expect(again.out.contains("already attached (scan 1)"))
        }
        #expect(try counts(folder) == [1, 1, 1, 1, 0])
        // Same SeriesInstanceUID with other voxels (a re-reconstruction) is another scan.
        let store = try CaseStore.open(path: folder.file("cases.sqlite"), access: .readWrite)
        let stored = try #require(try store.record("C1").scans.first)
        let other = try store.attach(ScanAttachment(caseID: "C1", measurements: stored.measurements, contentHash: "0123456789abcdef",
                                                    date: stored.date))
        #expect(!other.alreadyAttached && other.scanID == 2)
        #expect(try counts(folder) == [2, 2, 2, 2, 0])
    }

    @Test func findingsOfOneVisitAreReplacedNotDuplicated() throws {
        let folder = try TemporaryFolder()
        try newCase(folder)
        let store = try CaseStore.open(path: folder.file("cases.sqlite"), access: .readWrite)
        let date = try #require(CaseDate("2024-05-02"))
        #expect(try store.recordFindings(caseID: "C1", date: date, findings: ClinicalFindings(probingDepthMm: 4)) == false)
        #expect(try store.recordFindings(caseID: "C1", date: date, findings: ClinicalFindings(probingDepthMm: 6.5)) == true)
        #expect(try store.record("C1").findings.map(\.findings.probingDepthMm) == [6.5])
        #expect(throws: CaseStoreError.unknownCase("C9")) {
            try store.recordFindings(caseID: "C9", date: date, findings: ClinicalFindings())
        }
    }

    @Test func twoProcessesAttachingAtOnceBothSucceed() throws {
        let folder = try TemporaryFolder()
        try newCase(folder)
        // A holds the write lock for 2 s inside its transaction; B arrives meanwhile and must wait its turn.
        let marker = folder.file("a-paused")
        let a = try CLI.start(["analyze", Self.healthy, "--case", "C1", "--db", "cases.sqlite", "--date", "2020-01-01"], in: folder,
                              environment: [CaseStore.attachPauseVariable: marker, CaseStore.attachPauseSecondsVariable: "2"])
        #expect(CLI.waitFor(marker, seconds: 60))
        let started = Date()
        let b = try CLI.start(["analyze", Self.intrabony, "--case", "C1", "--db", "cases.sqlite", "--date", "2021-01-01"], in: folder)
        // And two more at the same moment, without any pause.
        let c = try CLI.start(["analyze", Self.twoImplants, "--case", "C1", "--implant", "2", "--db", "cases.sqlite", "--date", "2022-01-01"], in: folder)
        let d = try CLI.start(["case", "findings", "C1", "--date", "2021-01-01", "--file", "\(CLI.root)/Tests/CaseRecordsTests/Fixtures/findings-bop.json",
                               "--db", "cases.sqlite"], in: folder)
        let results = [a.wait(), b.wait(), c.wait(), d.wait()]
        for r in results { #expect(r.status == 0, "\(r.err)") }
        print("concurrent attach: B finished \(Date().timeIntervalSince(started)) s after A's pause began")
        #expect(try counts(folder) == [3, 4, 3, 3, 1])
        let record = try CaseStore.open(path: folder.file("cases.sqlite"), access: .readOnly).record("C1")
        #expect(record.scans.map(\.date.description) == ["2020-01-01", "2021-01-01", "2022-01-01"])
        #expect(record.scans.map(\.trackedImplant) == [1, 1, 2])
    }

    /// Four processes find no database, create the file, switch it to WAL and run the migrations together, twenty
    /// times over: they race in the WAL setup, where SQLite returns SQLITE_BUSY at once. Before `CaseStore.open`
    /// opened again on that, 23 of 400 such processes failed ("still locked … after 30 s", within 0.1 s).
    @Test func processesCreatingAFreshDatabaseAtOnceAllSucceed() throws {
        for round in 1...20 {
            let folder = try TemporaryFolder()
            let running = try (1...4).map { try CLI.start(["case", "create", "K\($0)", "--site", "4\($0)", "--db", "fresh.sqlite"], in: folder) }
            for r in running.map({ $0.wait() }) { #expect(r.status == 0, "round \(round): \(r.err)") }
            let store = try CaseStore.open(path: folder.file("fresh.sqlite"), access: .readOnly)
            #expect(try store.caseIDs() == ["K1", "K2", "K3", "K4"])
            #expect(try store.record("K3").info.site == "43")
        }
    }

    @Test func aProcessKilledMidAttachLeavesTheDatabaseAsBefore() throws {
        let folder = try TemporaryFolder()
        try newCase(folder)
        let first = try CLI.run(["analyze", Self.healthy, "--case", "C1", "--db", "cases.sqlite", "--date", "2020-01-01"], in: folder)
        #expect(first.status == 0, "\(first.err)")
        let before = try CaseStore.open(path: folder.file("cases.sqlite"), access: .readOnly).record("C1")
        let beforeCounts = try counts(folder)

        let marker = folder.file("paused")
        let victim = try CLI.start(["analyze", Self.intrabony, "--case", "C1", "--db", "cases.sqlite", "--date", "2021-01-01"], in: folder,
                                   environment: [CaseStore.attachPauseVariable: marker])
        #expect(CLI.waitFor(marker, seconds: 60), "the attach never reached its pause")
        kill(victim.process.processIdentifier, SIGKILL)
        let end = victim.wait()
        #expect(victim.process.terminationReason == .uncaughtSignal && end.status == SIGKILL)

        #expect(try counts(folder) == beforeCounts)
        #expect(try CaseStore.open(path: folder.file("cases.sqlite"), access: .readOnly).record("C1") == before)
        // Nothing is left locked: the same attach now goes through.
        let retry = try CLI.run(["analyze", Self.intrabony, "--case", "C1", "--db", "cases.sqlite", "--date", "2021-01-01"], in: folder)
        #expect(retry.status == 0, "\(retry.err)")
        #expect(try counts(folder) == [2, 2, 2, 2, 0])
    }

    @Test func csvExportHasOneRowPerImplantPerScanWithNamedColumns() throws {
        let folder = try TemporaryFolder()
        try newCase(folder)
        for (scan, date, implant) in [(Self.twoImplants, "2020-01-01", ["--implant", "2"]), (Self.intrabony, "2021-07-02", [])] {
            let r = try CLI.run(["analyze", scan, "--case", "C1", "--db", "cases.sqlite", "--date", date] + implant, in: folder)
            #expect(r.status == 0, "\(r.err)")
        }
        let r = try CLI.run(["case", "export", "--format", "csv", "--out", "cases.csv", "--db", "cases.sqlite"], in: folder)
        #expect(r.status == 0 && r.out.isEmpty, "\(r.err)")
        let table = CSVTable(try String(contentsOfFile: folder.file("cases.csv"), encoding: .utf8))
        #expect(table.header == CaseExport.csvColumns)
        #expect(table.rows.count == 3)
        #expect(table.rows.map { $0["scanDate"]! } == ["2020-01-01", "2020-01-01", "2021-07-02"])
        #expect(table.rows.map { $0["implant"]! } == ["1", "2", "1"])
        #expect(table.rows.map { $0["caseImplant"]! } == ["no", "yes", "yes"])
        // Known answers from the samples' truth: implant 2 of two-implants-crown has a 3.5 mm Ic defect,
        // the intrabony-ie implant a 4 mm circumferential one; implant 1 is healthy.
        func value(_ row: Int, _ column: String) -> Double { Double(table.rows[row][column]!)! }
        #expect(abs(value(0, "boneLevelBuccalMm")) <= 0.3)
        #expect(abs(value(1, "boneLevelLingualMm") - 3.5) <= 0.3)
        #expect(abs(value(2, "boneLevelLingualMm") - 4.0) <= 0.3)
        #expect(table.rows[2]["schwarzClass"] == "Ie")
        #expect(abs(value(2, "changeSinceFirstLingualMm") - (value(2, "boneLevelLingualMm") - value(1, "boneLevelLingualMm"))) < 0.0015)
        #expect(table.rows[0]["changeSinceFirstLingualMm"] == "" && table.rows[1]["changeSinceFirstLingualMm"] == "")
        // The JSON export parses and holds the same scans.
        let j = try CLI.run(["case", "export", "--db", "cases.sqlite"], in: folder)
        let doc = try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as? [String: Any]
        let cases = doc?["cases"] as? [[String: Any]]
        #expect((cases?.first?["scans"] as? [Any])?.count == 2)
        // history --json carries the same change; list and show name the two scans.
        let h = try CLI.run(["case", "history", "C1", "--json", "--db", "cases.sqlite"], in: folder)
        let history = try JSONDecoder().decode(CaseHistory.self, from: Data(h.out.utf8))
        let lingual = try #require(history.sites.first { $0.site == "lingual" })
        #expect(abs(lingual.points[1].changeSinceFirstMm! - value(2, "changeSinceFirstLingualMm")) < 0.0005)
        #expect(abs(lingual.points[1].yearsSinceFirst - 548 / 365.2425) < 1e-9)
        let list = try JSONDecoder().decode([CaseListEntry].self,
                                            from: Data(try CLI.run(["case", "list", "--json", "--db", "cases.sqlite"], in: folder).out.utf8))
        #expect(list.map(\.scans) == [2] && list.first?.lastScan?.description == "2021-07-02")
        let show = try CLI.run(["case", "show", "C1", "--db", "cases.sqlite"], in: folder).out
        #expect(show.contains("2020-01-01  scan 1:") && show.contains("2021-07-02  scan 2:") && show.contains("implant 2 of 2"))
    }

    @Test func identifiersAreStoredOnlyWhenAsked() throws {
        let folder = try TemporaryFolder()
        try newCase(folder, "P1")
        try newCase(folder, "P2")
        #expect(try CLI.run(["analyze", Self.healthy, "--case", "P1", "--db", "cases.sqlite"], in: folder).status == 0)
        func databaseBytes() throws -> String {
            ["cases.sqlite", "cases.sqlite-wal"].compactMap { FileManager.default.contents(atPath: folder.file($0)) }
                .map { String(decoding: $0, as: UTF8.self) }.joined()
        }
        #expect(!(try databaseBytes()).contains("PHANTOM^IMPLANTSCAN"))
        #expect(!(try databaseBytes()).contains("SampleScans/healthy"))
        #expect(try CLI.run(["analyze", Self.healthy, "--case", "P2", "--db", "cases.sqlite", "--keep-identifiers"], in: folder).status == 0)
        let p2 = try CLI.run(["case", "show", "P2", "--json", "--db", "cases.sqlite"], in: folder)
        #expect(p2.out.contains("\"name\" : \"PHANTOM^IMPLANTSCAN\""))
        #expect(p2.out.contains("\"source\" : \"\(Self.healthy)\""))
        let p1 = try CLI.run(["case", "show", "P1", "--json", "--db", "cases.sqlite"], in: folder)
        #expect(!p1.out.contains("PHANTOM^IMPLANTSCAN") && !p1.out.contains("\"patient\""))
        #expect(p1.out.contains("\"source\" : \"\(CaseStore.sourceNotKept)\""))
        // The scan date came from the DICOM StudyDate; exports never carry identifiers.
        let record = try CaseStore.open(path: folder.file("cases.sqlite"), access: .readOnly).record("P2")
        #expect(record.scans.first?.date.description == "2026-01-01")
        #expect(!(try CLI.run(["case", "export", "--db", "cases.sqlite"], in: folder).out.contains("PHANTOM^IMPLANTSCAN")))
    }

    @Test func theDatabaseIsPrivateAndInWALMode() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("sub/dir/cases.sqlite")
        let r = try CLI.run(["case", "create", "C1", "--site", "11", "--db", path], in: folder)
        #expect(r.status == 0, "\(r.err)")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let q = try DatabaseQueue(path: path)
        #expect(try q.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try q.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") } == CaseSchema.applicationID)
        #expect(try q.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") } == ["v1"])
        // While a connection is open, SQLite's WAL and shared-memory files take the database file's mode.
        for suffix in ["-wal", "-shm"] {
            #expect(try FileManager.default.attributesOfItem(atPath: path + suffix)[.posixPermissions] as? Int == 0o600)
        }
    }

    @Test func badInputIsOneLineNamingTheProblemWithStatus1() throws {
        let folder = try TemporaryFolder()
        try newCase(folder)
        try "not a database\n".write(toFile: folder.file("notes.txt"), atomically: true, encoding: .utf8)
        try DatabaseQueue(path: folder.file("other.sqlite")).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        try FileManager.default.copyItem(atPath: folder.file("cases.sqlite"), toPath: folder.file("locked.sqlite"))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: folder.file("locked.sqlite"))
        let cases: [([String], String)] = [
            (["case", "list", "--db", "notes.txt"], "Error: notes.txt: not an SQLite database"),
            (["case", "create", "C2", "--site", "36", "--db", "other.sqlite"],
             "Error: other.sqlite: an SQLite database, but not an ImplantScan case store"),
            (["case", "create", "C2", "--site", "36", "--db", "locked.sqlite"], "Error: locked.sqlite: the case database is read-only"),
            (["case", "show", "NOPE", "--db", "cases.sqlite"], "Error: case NOPE: no such case in the database"),
            (["case", "history", "C1", "--db", "missing.sqlite"], "Error: missing.sqlite: no case database here yet (`implantscan case create` makes it)"),
            (["analyze", Self.healthy, "--case", "NOPE", "--db", "cases.sqlite"], "Error: case NOPE: no such case in the database"),
            (["analyze", Self.healthy, "--case", "C1", "--date", "2021-02-30", "--db", "cases.sqlite"],
             "Error: --date 2021-02-30: not a date (YYYY-MM-DD or YYYYMMDD)"),
            (["case", "findings", "C1", "--date", "yesterday", "--file", "x.json", "--db", "cases.sqlite"],
             "Error: --date yesterday: not a date (YYYY-MM-DD or YYYYMMDD)"),
            (["case", "create", "C1", "--site", "36", "--db", "cases.sqlite"], "Error: case C1: already exists"),
        ]
        for (args, message) in cases {
            let r = try CLI.run(args, in: folder)
            #expect(r.status == 1, "\(args)")
            #expect(r.err == message + "\n", "\(args): \(r.err)")
        }
        #expect(try counts(folder) == [0, 0, 0, 0, 0])
        #expect(!FileManager.default.fileExists(atPath: folder.file("missing.sqlite")))
    }
}
