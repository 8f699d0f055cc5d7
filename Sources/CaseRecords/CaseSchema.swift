import GRDB

/// The case store's tables, as migrations from the first version on. A released migration is never
/// edited: a change is a new migration appended here.
enum CaseSchema {
    /// `PRAGMA application_id` of an ImplantScan case store ("ISCR"), so another SQLite file is refused.
    static let applicationID: Int32 = 0x4953_4352

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE clinicalCase (
                    id TEXT PRIMARY KEY NOT NULL,
                    site TEXT NOT NULL,                 -- FDI tooth number
                    implantSystem TEXT,
                    placedDate TEXT,                    -- YYYY-MM-DD
                    createdAt TEXT NOT NULL
                );
                CREATE TABLE scan (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    caseId TEXT NOT NULL REFERENCES clinicalCase(id),
                    scanDate TEXT NOT NULL,             -- YYYY-MM-DD
                    seriesUID TEXT NOT NULL,            -- '' for PNG stacks
                    contentHash TEXT NOT NULL,          -- ScanFingerprint of the voxels
                    source TEXT NOT NULL,
                    voxelMm REAL NOT NULL,
                    trackedImplant INTEGER NOT NULL,    -- 1-based: the case's implant among the scan's
                    measurementsJSON TEXT NOT NULL,     -- the whole measurements.json
                    patientName TEXT, patientID TEXT, patientBirthDate TEXT,  -- only with --keep-identifiers
                    attachedAt TEXT NOT NULL,
                    UNIQUE (caseId, seriesUID, contentHash)
                );
                CREATE INDEX scanByCase ON scan(caseId, scanDate);
                CREATE TABLE implantMeasurement (
                    scanId INTEGER NOT NULL REFERENCES scan(id) ON DELETE CASCADE,
                    implant INTEGER NOT NULL,           -- 1-based, in the order of measurements.json
                    lengthMm REAL NOT NULL, diameterMm REAL NOT NULL,
                    mesialMm REAL NOT NULL, distalMm REAL NOT NULL, buccalMm REAL NOT NULL,
                    lingualMm REAL NOT NULL, worstMm REAL NOT NULL,
                    boneLossPercent REAL NOT NULL,
                    schwarzClass TEXT NOT NULL, monjeClass TEXT NOT NULL,
                    sectorsJSON TEXT NOT NULL,          -- [[angleDeg, boneLevelMm], …]
                    PRIMARY KEY (scanId, implant)
                );
                CREATE TABLE findings (
                    caseId TEXT NOT NULL REFERENCES clinicalCase(id),
                    visitDate TEXT NOT NULL,
                    findingsJSON TEXT NOT NULL,
                    recordedAt TEXT NOT NULL,
                    PRIMARY KEY (caseId, visitDate)
                );
                CREATE TABLE recommendation (
                    scanId INTEGER NOT NULL REFERENCES scan(id) ON DELETE CASCADE,
                    implant INTEGER NOT NULL,
                    diagnosis TEXT NOT NULL, treatment TEXT NOT NULL, ruleSetVersion TEXT NOT NULL,
                    findingsDate TEXT,                  -- the visit whose findings were used
                    baselineBoneLevelMm REAL,           -- the first scan's worst bone level, given to the rules
                    recommendationJSON TEXT NOT NULL,
                    PRIMARY KEY (scanId, implant)
                );
                CREATE TABLE alignment (
                    scanId INTEGER PRIMARY KEY NOT NULL REFERENCES scan(id) ON DELETE CASCADE,
                    referenceScanId INTEGER NOT NULL REFERENCES scan(id),
                    angleDeg REAL NOT NULL, confidence REAL NOT NULL, applied INTEGER NOT NULL
                );
                """)
        }
        return m
    }
}
