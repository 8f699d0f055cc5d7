import Foundation
import Decision
import GRDB
import Measurements

/// The SQLite case store (through GRDB): cases, attached scans with their measurements, the clinician's
/// findings per visit, recommendations, and the rotation alignment of each scan to the case's first.
///
/// The file is created with mode 0600 (its WAL and shared-memory files inherit it), in WAL mode, with a
/// busy timeout so that several processes can write one after another; every write is one
/// `BEGIN IMMEDIATE` transaction, so a process killed half-way leaves the database as it was.
public final class CaseStore {
    public let path: String
    private let writer: any DatabaseWriter

    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeoutSeconds: TimeInterval = 30
    /// Test hook: when set to a file path, an attach writes that file from inside its transaction and
    /// waits there (so a test can kill the process mid-attach). Never set in normal use.
    public static let attachPauseVariable = "IMPLANTSCAN_TEST_ATTACH_PAUSE"
    /// How long that pause lasts (seconds, default 120).
    public static let attachPauseSecondsVariable = "IMPLANTSCAN_TEST_ATTACH_PAUSE_SECONDS"
    static let sqliteMagic = Array("SQLite format 3\0".utf8)
    /// Stored in place of the scan's path without --keep-identifiers.
    public static let sourceNotKept = "(path not kept)"

    public enum Access: Sendable { case readWrite, readOnly }

    private init(path: String, writer: any DatabaseWriter) {
        self.path = path
        self.writer = writer
    }

    /// Opens (with `.readWrite`, creating and migrating when needed) the case database at `path`.
    /// `.readOnly` needs an existing database and only reads it.
    public static func open(path: String, access: Access) throws -> CaseStore {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeoutSeconds)
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        let exists = fm.fileExists(atPath: path, isDirectory: &isFolder)
        if isFolder.boolValue { throw CaseStoreError.cannotOpen(path: path, reason: "a folder, not a file") }
        if !exists {
            guard access == .readWrite else { throw CaseStoreError.missingDatabase(path: path) }
            try createEmptyFile(path)
        } else {
            try checkHeader(path)
        }
        let readOnlyFile = !isWritable(path)
        if access == .readWrite && readOnlyFile { throw CaseStoreError.readOnly(path: path) }
        if readOnlyFile { config.readonly = true }
        let deadline = Date().addingTimeInterval(busyTimeoutSeconds)
        while true {
            do {
                let writer: any DatabaseWriter = readOnlyFile
                    ? try DatabaseQueue(path: path, configuration: config)
                    : try DatabasePool(path: path, configuration: config)
                let store = CaseStore(path: path, writer: writer)
                try store.prepare(migrate: !readOnlyFile)
                return store
            } catch let e as DatabaseError where e.resultCode.primaryResultCode == .SQLITE_BUSY && Date() < deadline {
                // Processes opening a new database together race in its setup, before any busy timeout applies (the
                // WAL switch's first write upgrades a read that another process's write has made stale, and SQLite
                // returns SQLITE_BUSY at once): 23 of 400 `case create` processes, four at a time on a fresh file,
                // failed so (none after). Open again; the loser finds the database set up.
                Thread.sleep(forTimeInterval: openRetryPauseSeconds)
            } catch let e as CaseStoreError {
                throw e
            } catch {
                throw mapped(error, path: path)
            }
        }
    }

    /// The pause before opening again after a setup race (seconds).
    static let openRetryPauseSeconds: TimeInterval = 0.05

    /// Checks that the file is ours and brings its schema up to date.
    private func prepare(migrate: Bool) throws {
        let migrator = CaseSchema.migrator
        let (appID, foreignTables, superseded) = try writer.read { db in
            (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
             try Int.fetchOne(db, sql: """
                 SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                 AND name <> 'grdb_migrations'
                 """) ?? 0,
             try db.tableExists("grdb_migrations") ? try migrator.hasBeenSuperseded(db) : false)
        }
        if appID != CaseSchema.applicationID && (appID != 0 || foreignTables > 0) {
            throw CaseStoreError.notACaseDatabase(path: path)
        }
        if superseded { throw CaseStoreError.newerSchema(path: path) }
        let complete = { [writer] in try writer.read { try $0.tableExists("grdb_migrations") && migrator.hasCompletedMigrations($0) } }
        if try complete() { return }
        guard migrate else { throw CaseStoreError.readOnly(path: path) }
        do {
            try migrator.migrate(writer)
        } catch {
            // Another process may have migrated between our check and our transaction.
            if try !complete() { throw error }
        }
    }

    // MARK: Writing

    public func createCase(_ info: CaseInfo) throws {
        guard CaseInfo.isFDISite(info.site) else { throw CaseStoreError.badSite(info.site) }
        try transaction { try $0.createCase(info) }
    }

    /// Stores the findings of one visit; a second entry for the same date replaces the first.
    /// Returns whether it replaced one.
    @discardableResult
    public func recordFindings(caseID: String, date: CaseDate, findings: ClinicalFindings) throws -> Bool {
        let json = try Self.json(findings)
        return try write { db in
            guard try caseExists(db, caseID) else { throw CaseStoreError.unknownCase(caseID) }
            let existed = try Bool.fetchOne(db, sql: "SELECT 1 FROM findings WHERE caseId = ? AND visitDate = ?",
                                            arguments: [caseID, date.description]) ?? false
            try db.execute(sql: """
                INSERT INTO findings (caseId, visitDate, findingsJSON, recordedAt) VALUES (?, ?, ?, ?)
                ON CONFLICT (caseId, visitDate) DO UPDATE SET findingsJSON = excluded.findingsJSON, recordedAt = excluded.recordedAt
                """, arguments: [caseID, date.description, json, Self.now()])
            return existed
        }
    }

    /// Attaches a scan, its measurements and the recommendation for the case's implant in one transaction.
    /// The same scan (SeriesInstanceUID and content hash) attached again changes nothing.
    public func attach(_ a: ScanAttachment) throws -> AttachResult {
        try write { db in try attach(a, in: db) }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: everything it writes through the transaction is
    /// committed together, or (when it throws) nothing is. `records import` writes one results file so.
    /// The body's own errors come out unchanged; the database's as `CaseStoreError`.
    public func transaction<T>(_ body: (CaseTransaction) throws -> T) throws -> T {
        var own: Error?
        do {
            return try write { db in
                do {
                    return try body(CaseTransaction(store: self, db: db))
                } catch {
                    if !(error is DatabaseError) && !(error is CaseStoreError) { own = error }
                    throw error
                }
            }
        } catch {
            throw own ?? error
        }
    }

    /// `attach` inside a transaction already open.
    func attach(_ a: ScanAttachment, in db: Database) throws -> AttachResult {
        let m = a.measurements
        let source = m.scan.source
        let uid = m.scan.seriesUID ?? ""
        // The path (often named after the patient) is stored only with --keep-identifiers.
        var kept = m
        if !a.keepIdentifiers { kept.scan.source = Self.sourceNotKept }
        let measurementsJSON = try Self.json(kept)
        guard try caseExists(db, a.caseID) else { throw CaseStoreError.unknownCase(a.caseID) }
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM scan WHERE caseId = ? AND seriesUID = ? AND contentHash = ?",
                                             arguments: [a.caseID, uid, a.contentHash]) {
            let scan = try self.scans(db, caseID: a.caseID).first { $0.id == existing }
            return AttachResult(scanID: existing, alreadyAttached: true, implant: scan?.trackedImplant ?? 1,
                                recommendation: scan?.recommendation, baselineBoneLevelMm: scan?.baselineBoneLevelMm)
        }
        let count = m.implants.count
        guard count > 0 else { throw CaseStoreError.noImplant(source: source) }
        let tracked: Int
        if let n = a.implant {
            guard (1...count).contains(n) else {
                throw CaseStoreError.implantChoice(source: source, reason: "--implant \(n): the scan holds \(count) implant\(count == 1 ? "" : "s")")
            }
            tracked = n
        } else if count == 1 {
            tracked = 1
        } else {
            throw CaseStoreError.implantChoice(source: source,
                                               reason: "the scan holds \(count) implants: give --implant 1…\(count) for the case's site")
        }

        var findings = a.findings
        var findingsDate: CaseDate?
        if findings == nil, let row = try Row.fetchOne(db, sql: """
            SELECT visitDate, findingsJSON FROM findings WHERE caseId = ? AND visitDate <= ? ORDER BY visitDate DESC LIMIT 1
            """, arguments: [a.caseID, a.date.description]) {
            findings = try Self.decode(ClinicalFindings.self, row["findingsJSON"] as String)
            findingsDate = CaseDate(row["visitDate"] as String)
        }
        // The case's first earlier scan is the baseline of the 2017 diagnosis (progressive loss).
        let baseline = try Double.fetchOne(db, sql: """
            SELECT m.worstMm FROM scan s JOIN implantMeasurement m ON m.scanId = s.id AND m.implant = s.trackedImplant
            WHERE s.caseId = ? AND s.scanDate < ? ORDER BY s.scanDate, s.id LIMIT 1
            """, arguments: [a.caseID, a.date.description])
        if let b = baseline, findings?.baselineBoneLevelMm == nil {
            var f = findings ?? ClinicalFindings()
            f.baselineBoneLevelMm = b
            findings = f
        }
        let report: DecisionReport
        do {
            report = try DecisionReport.decide(m, findings: findings, rules: a.rules, implant: tracked)
        } catch {
            throw CaseStoreError.decision("\(source): \(error)")
        }

        let p = a.keepIdentifiers ? a.patient : nil
        try db.execute(sql: """
            INSERT INTO scan (caseId, scanDate, seriesUID, contentHash, source, voxelMm, trackedImplant, measurementsJSON,
                              patientName, patientID, patientBirthDate, attachedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [a.caseID, a.date.description, uid, a.contentHash, kept.scan.source, m.implants[tracked - 1].quality.voxelMm,
                             tracked, measurementsJSON, p?.name, p?.id, p?.birthDate, Self.now()])
        let scanID = db.lastInsertedRowID
        for (i, implant) in m.implants.enumerated() {
            let b = implant.boneLevelMm
            let sectors = try Self.json(implant.sectors.map { [$0.angleDeg, $0.boneLevelMm] })
            try db.execute(sql: """
                INSERT INTO implantMeasurement (scanId, implant, lengthMm, diameterMm, mesialMm, distalMm, buccalMm, lingualMm,
                                                worstMm, boneLossPercent, schwarzClass, monjeClass, sectorsJSON)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [scanID, i + 1, implant.lengthMm, implant.diameterMm, b.mesial, b.distal, b.buccal, b.lingual,
                                 b.max, implant.boneLossPercent, implant.defect.schwarzClass, implant.defect.monjeClass, sectors])
        }
        let r = report.implants[0].recommendation
        try db.execute(sql: """
            INSERT INTO recommendation (scanId, implant, diagnosis, treatment, ruleSetVersion, findingsDate, baselineBoneLevelMm,
                                        recommendationJSON)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [scanID, tracked, r.diagnosis.rawValue, r.treatment.rawValue, r.ruleSetVersion,
                             findingsDate?.description, findings?.baselineBoneLevelMm, try Self.json(r)])
        Self.pauseIfRequested()
        try realign(db, caseID: a.caseID)
        return AttachResult(scanID: scanID, alreadyAttached: false, implant: tracked, recommendation: r,
                            baselineBoneLevelMm: findings?.baselineBoneLevelMm)
    }

    /// Recomputes every scan's rotation alignment to the case's first scan (which may have changed).
    private func realign(_ db: Database, caseID: String) throws {
        let scans = try self.scans(db, caseID: caseID)
        try db.execute(sql: "DELETE FROM alignment WHERE scanId IN (SELECT id FROM scan WHERE caseId = ?)", arguments: [caseID])
        guard let reference = scans.first else { return }
        for s in scans {
            let al = RotationAlignment.align(reference: reference.implant.sectors, to: s.implant.sectors)
            try db.execute(sql: "INSERT INTO alignment (scanId, referenceScanId, angleDeg, confidence, applied) VALUES (?, ?, ?, ?, ?)",
                           arguments: [s.id, reference.id, al.angleDeg, al.confidence, al.shouldCorrectSites])
        }
    }

    // MARK: Reading

    /// Throws `unknownCase` unless the case exists (checked before a slow analysis).
    public func requireCase(_ id: String) throws {
        guard try read({ try caseExists($0, id) }) else { throw CaseStoreError.unknownCase(id) }
    }

    public func caseIDs() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT id FROM clinicalCase ORDER BY id") }
    }

    public func record(_ caseID: String) throws -> CaseRecord {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM clinicalCase WHERE id = ?", arguments: [caseID]) else {
                throw CaseStoreError.unknownCase(caseID)
            }
            let info = CaseInfo(id: row["id"], site: row["site"], implantSystem: row["implantSystem"],
                                placedDate: (row["placedDate"] as String?).flatMap(CaseDate.init))
            let findings = try Row.fetchAll(db, sql: "SELECT visitDate, findingsJSON FROM findings WHERE caseId = ? ORDER BY visitDate",
                                            arguments: [caseID]).map { r in
                StoredFindings(date: CaseDate(r["visitDate"] as String)!, findings: try Self.decode(ClinicalFindings.self, r["findingsJSON"] as String))
            }
            return CaseRecord(info: info, scans: try scans(db, caseID: caseID), findings: findings)
        }
    }

    public func allRecords() throws -> [CaseRecord] {
        try caseIDs().map(record)
    }

    /// Alignments as stored at the last attach, by scan id.
    public func storedAlignments(_ caseID: String) throws -> [Int64: RotationAlignment] {
        try read { db in
            var out: [Int64: RotationAlignment] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT a.scanId, a.angleDeg, a.confidence FROM alignment a JOIN scan s ON s.id = a.scanId WHERE s.caseId = ?
                """, arguments: [caseID]) {
                out[r["scanId"]] = RotationAlignment(angleDeg: r["angleDeg"], confidence: r["confidence"])
            }
            return out
        }
    }

    private func scans(_ db: Database, caseID: String) throws -> [StoredScan] {
        try Row.fetchAll(db, sql: """
            SELECT s.*, r.recommendationJSON, r.findingsDate, r.baselineBoneLevelMm FROM scan s
            LEFT JOIN recommendation r ON r.scanId = s.id AND r.implant = s.trackedImplant
            WHERE s.caseId = ? ORDER BY s.scanDate, s.id
            """, arguments: [caseID]).map { r in
            let patient = PatientRecord(name: r["patientName"], id: r["patientID"], birthDate: r["patientBirthDate"])
            return StoredScan(id: r["id"], date: CaseDate(r["scanDate"] as String)!, seriesUID: r["seriesUID"],
                              contentHash: r["contentHash"], source: r["source"], voxelMm: r["voxelMm"],
                              trackedImplant: r["trackedImplant"],
                              measurements: try Self.decode(ScanMeasurements.self, r["measurementsJSON"] as String),
                              recommendation: try (r["recommendationJSON"] as String?).map { try Self.decode(Recommendation.self, $0) },
                              findingsDate: (r["findingsDate"] as String?).flatMap(CaseDate.init),
                              baselineBoneLevelMm: r["baselineBoneLevelMm"], patient: patient.isEmpty ? nil : patient)
        }
    }

    func caseExists(_ db: Database, _ id: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM clinicalCase WHERE id = ?", arguments: [id]) ?? false
    }

    // MARK: Plumbing

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction (the write lock is taken up front, so two
    /// processes queue on the busy timeout instead of failing on a lock upgrade).
    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let e as CaseStoreError {
            throw e
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.unsafeReentrantRead(body)
        } catch let e as CaseStoreError {
            throw e
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    static func mapped(_ error: Error, path: String) -> CaseStoreError {
        guard let e = error as? DatabaseError else { return .database(path: path, reason: "\(error)") }
        switch e.resultCode {
        case .SQLITE_NOTADB: return .notADatabase(path: path)
        case .SQLITE_READONLY: return .readOnly(path: path)
        case .SQLITE_CANTOPEN: return .cannotOpen(path: path, reason: e.message ?? "cannot open")
        case .SQLITE_BUSY: return .database(path: path, reason: "still locked by another process after \(Int(busyTimeoutSeconds)) s")
        default: return .database(path: path, reason: e.message ?? "\(e)")
        }
    }

    /// Creates the database file (and its folder) readable and writable by the owner only.
    private static func createEmptyFile(_ path: String) throws {
        // URL, not NSString: swift-corelibs-foundation's `deletingLastPathComponent` traps on a one-character path
        // ("d"), and `case create … --db d` crashed. (ScanIO's `ParentFolder` does the same; this target does not
        // depend on ScanIO.)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw CaseStoreError.cannotOpen(path: path, reason: "cannot create the folder \(folder)")
            }
        }
        let fd = Glibc.open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
        if fd < 0 && errno != EEXIST { throw CaseStoreError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        if fd >= 0 {
            fchmod(fd, 0o600)
            close(fd)
        }
    }

    /// Refuses, before SQLite sees it, a non-empty file that does not start with SQLite's magic.
    private static func checkHeader(_ path: String) throws {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw CaseStoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { try? h.close() }
        let head = [UInt8]((try? h.read(upToCount: sqliteMagic.count)) ?? Data())
        if !head.isEmpty && head != sqliteMagic { throw CaseStoreError.notADatabase(path: path) }
    }

    /// Whether the file may be written: its mode has a write bit (honoured for root too) and access(2) agrees.
    private static func isWritable(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        return st.st_mode & 0o222 != 0 && access(path, W_OK) == 0
    }

    private static func pauseIfRequested() {
        let env = ProcessInfo.processInfo.environment
        guard let marker = env[attachPauseVariable], !marker.isEmpty else { return }
        _ = FileManager.default.createFile(atPath: marker, contents: Data("paused inside the attach transaction\n".utf8))
        sleep(UInt32(env[attachPauseSecondsVariable].flatMap(UInt32.init) ?? 120))
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
