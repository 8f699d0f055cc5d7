/// Why a case-store operation failed, as one line naming the database (or input) and the problem.
public enum CaseStoreError: Error, CustomStringConvertible, Equatable {
    case notADatabase(path: String)
    case notACaseDatabase(path: String)
    case readOnly(path: String)
    case cannotOpen(path: String, reason: String)
    case missingDatabase(path: String)
    case newerSchema(path: String)
    case unknownCase(String)
    case caseExists(String)
    case badSite(String)
    case badDate(String, what: String)
    case noScanDate(source: String)
    case noImplant(source: String)
    case implantChoice(source: String, reason: String)
    case decision(String)
    case database(path: String, reason: String)

    public var description: String {
        switch self {
        case let .notADatabase(p): return "\(p): not an SQLite database"
        case let .notACaseDatabase(p): return "\(p): an SQLite database, but not an ImplantScan case store"
        case let .readOnly(p): return "\(p): the case database is read-only"
        case let .cannotOpen(p, r): return "\(p): cannot open the case database: \(r)"
        case let .missingDatabase(p): return "\(p): no case database here yet (`implantscan case create` makes it)"
        case let .newerSchema(p): return "\(p): written by a newer ImplantScan (unknown schema migrations)"
        case let .unknownCase(id): return "case \(id): no such case in the database"
        case let .caseExists(id): return "case \(id): already exists"
        case let .badSite(s): return "--site \(s): not an FDI tooth number (11–48, 51–85)"
        case let .badDate(d, what): return "\(what) \(d): not a date (YYYY-MM-DD or YYYYMMDD)"
        case let .noScanDate(s): return "\(s): the scan has no StudyDate; give --date YYYY-MM-DD"
        case let .noImplant(s): return "\(s): no implant found in the scan; nothing attached"
        case let .implantChoice(s, r): return "\(s): \(r)"
        case let .decision(r): return r
        case let .database(p, r): return "\(p): \(r)"
        }
    }
}
