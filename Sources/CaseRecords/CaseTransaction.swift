import GRDB

/// The case store inside one open transaction (`CaseStore.transaction`): reads see the transaction's own
/// writes, and nothing is committed until the body returns. Valid only inside that body.
public struct CaseTransaction {
    let store: CaseStore
    let db: Database

    /// The case, or nil when the store has none with this ID.
    public func caseInfo(_ id: String) throws -> CaseInfo? {
        try Row.fetchOne(db, sql: "SELECT id, site, implantSystem, placedDate FROM clinicalCase WHERE id = ?", arguments: [id]).map {
            CaseInfo(id: $0["id"], site: $0["site"], implantSystem: $0["implantSystem"],
                     placedDate: ($0["placedDate"] as String?).flatMap(CaseDate.init))
        }
    }

    public func createCase(_ info: CaseInfo) throws {
        guard CaseInfo.isFDISite(info.site) else { throw CaseStoreError.badSite(info.site) }
        if try store.caseExists(db, info.id) { throw CaseStoreError.caseExists(info.id) }
        try db.execute(sql: "INSERT INTO clinicalCase (id, site, implantSystem, placedDate, createdAt) VALUES (?, ?, ?, ?, ?)",
                       arguments: [info.id, info.site, info.implantSystem, info.placedDate?.description, CaseStore.now()])
    }

    /// The case and scan that already hold this scan (SeriesInstanceUID, '' for PNG stacks, and content
    /// hash), in any case; nil when the store does not hold it.
    public func storedScan(seriesUID: String, contentHash: String) throws -> (caseID: String, scanID: Int64)? {
        try Row.fetchOne(db, sql: "SELECT caseId, id FROM scan WHERE seriesUID = ? AND contentHash = ? ORDER BY id LIMIT 1",
                         arguments: [seriesUID, contentHash]).map { row in
            (caseID: row["caseId"] as String, scanID: row["id"] as Int64)
        }
    }

    /// `CaseStore.attach` within this transaction.
    public func attach(_ a: ScanAttachment) throws -> AttachResult {
        try store.attach(a, in: db)
    }
}
