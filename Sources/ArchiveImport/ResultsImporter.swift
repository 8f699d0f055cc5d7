import Batch
import CaseRecords
import Decision
import Measurements

/// Merges batch results into the case store (`records import`): one transaction per results file, so a
/// file is imported whole or not at all; idempotent, because a scan the store already holds (by
/// SeriesInstanceUID and content hash, in any case) is skipped. The case map says which case each scan
/// folder belongs to; a case it names that the store lacks is created with the map's site.
public enum ResultsImporter {
    /// Imports every file in turn. A file that cannot be read, holds a malformed line, or fails in the
    /// database is refused whole (its transaction rolled back) and the next file goes on.
    public static func run(paths: [String], into store: CaseStore, cases: CaseMap, rules: RuleSet = .standard) -> ImportReport {
        var report = ImportReport()
        for path in paths {
            do {
                report.files.append(try importFile(try ResultsFile.read(path: path), into: store, cases: cases, rules: rules))
            } catch let e as ImportError {
                report.refusedFiles.append("\(e); nothing imported from it")
            } catch {
                report.refusedFiles.append("\(path): \(error); nothing imported from it")
            }
        }
        return report
    }

    /// Imports one results file in one transaction.
    public static func importFile(_ file: ResultsFile, into store: CaseStore, cases: CaseMap,
                                  rules: RuleSet = .standard) throws -> FileImport {
        try store.transaction { tx in
            var outcome = FileImport(path: file.path)
            for (_, record) in file.records {
                // ResultsFile has checked that an analysed record carries its measurements and hash.
                guard record.status == .ok, let m = record.measurements, let hash = m.scan.contentHash else {
                    outcome.failedInBatch += 1
                    continue
                }
                if try tx.storedScan(seriesUID: m.scan.seriesUID ?? "", contentHash: hash) != nil {
                    outcome.skipped += 1
                    continue
                }
                switch try attachment(for: record.scan, m, hash: hash, cases: cases, rules: rules, tx: tx) {
                case .refused(let reason):
                    outcome.refused.append("\(record.scan): \(reason)")
                case .ready(let attachment):
                    if try tx.attach(attachment).alreadyAttached { outcome.skipped += 1 } else { outcome.added += 1 }
                }
            }
            return outcome
        }
    }

    private enum Prepared {
        case ready(ScanAttachment)
        case refused(String)
    }

    /// The attachment of one analysed scan, creating its case when needed; or why the scan is refused.
    /// Every refusal is decided before anything of the scan is written.
    private static func attachment(for scan: String, _ m: ScanMeasurements, hash: String, cases: CaseMap, rules: RuleSet,
                                   tx: CaseTransaction) throws -> Prepared {
        guard let a = cases[scan] else { return .refused("not in the case map \(cases.path)") }
        let count = m.implants.count
        guard count > 0 else { return .refused("no implant found in the scan") }
        let implant: Int
        if let n = a.implant {
            guard n <= count else { return .refused("implant \(n) in the case map, but the scan holds \(count)") }
            implant = n
        } else if count == 1 {
            implant = 1
        } else {
            return .refused("the scan holds \(count) implants: give the case's in the case map's implant column (1…\(count))")
        }
        guard let date = a.date ?? m.scan.studyDate.flatMap(CaseDate.init) else {
            return .refused("no date: the scan has no valid StudyDate and the case map's date column is empty")
        }
        if let existing = try tx.caseInfo(a.caseID) {
            guard existing.site == a.site else {
                return .refused("case \(a.caseID) has site \(existing.site) in the store, the case map says \(a.site)")
            }
        } else {
            try tx.createCase(CaseInfo(id: a.caseID, site: a.site))
        }
        return .ready(ScanAttachment(caseID: a.caseID, measurements: m, contentHash: hash, date: date, implant: implant, rules: rules))
    }
}
