import Foundation
import CaseRecords

/// The case map of an archive (`records import --cases MAP.csv`): which case each scan folder belongs to.
///
/// CSV (RFC 4180: commas, optional double quotes, LF or CRLF) with a header naming its columns:
/// `scan` (the folder relative to the batch root, as in the results), `case` (the clinic's case ID) and
/// `site` (FDI) are required; `date` (YYYY-MM-DD, over the StudyDate) and `implant` (1-based, when the
/// scan holds several) are optional. Several scans of one case (visits over the years) share its ID and
/// site. Any other column, a repeated scan, or one case given two sites is refused.
public struct CaseMap: Sendable, Equatable {
    public static let requiredColumns = ["scan", "case", "site"]
    public static let optionalColumns = ["date", "implant"]

    public let path: String
    public private(set) var assignments: [String: CaseAssignment]

    public init(path: String, assignments: [String: CaseAssignment]) {
        self.path = path
        self.assignments = assignments
    }

    public subscript(scan: String) -> CaseAssignment? { assignments[scan] }

    public static func load(path: String) throws(ImportError) -> CaseMap {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file, or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .badCaseMap(path: path, line: 0, reason: "not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(ImportError) -> CaseMap {
        var rows = try CaseMap.rows(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, path: path)
        guard !rows.isEmpty else { throw .badCaseMap(path: path, line: 0, reason: "empty: needs a header (scan,case,site)") }
        let header = rows.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let known = requiredColumns + optionalColumns
        if let unknown = header.first(where: { !known.contains($0) }) {
            throw .badCaseMap(path: path, line: 1, reason: "unknown column \"\(unknown)\" (columns: \(known.joined(separator: ", ")))")
        }
        if let missing = requiredColumns.first(where: { !header.contains($0) }) {
            throw .badCaseMap(path: path, line: 1, reason: "no \"\(missing)\" column (required: \(requiredColumns.joined(separator: ", ")))")
        }
        if Set(header).count != header.count { throw .badCaseMap(path: path, line: 1, reason: "a column is named twice") }
        var assignments: [String: CaseAssignment] = [:]
        var siteOfCase: [String: String] = [:]
        for (line, fields) in rows {
            guard fields.count == header.count else {
                throw .badCaseMap(path: path, line: line, reason: "\(fields.count) fields where the header has \(header.count)")
            }
            var value: [String: String] = [:]
            for (name, field) in zip(header, fields) { value[name] = field.trimmingCharacters(in: .whitespaces) }
            let scan = value["scan"]!, caseID = value["case"]!, site = value["site"]!
            if scan.isEmpty || caseID.isEmpty { throw .badCaseMap(path: path, line: line, reason: "empty scan or case") }
            guard CaseInfo.isFDISite(site) else {
                throw .badCaseMap(path: path, line: line, reason: "site \(site): not an FDI tooth number (11–48, 51–85)")
            }
            var date: CaseDate?
            if let d = value["date"], !d.isEmpty {
                guard let parsed = CaseDate(d) else { throw .badCaseMap(path: path, line: line, reason: "date \(d): not a date (YYYY-MM-DD)") }
                date = parsed
            }
            var implant: Int?
            if let i = value["implant"], !i.isEmpty {
                guard let n = Int(i), n >= 1 else { throw .badCaseMap(path: path, line: line, reason: "implant \(i): not a number from 1") }
                implant = n
            }
            if assignments[scan] != nil { throw .badCaseMap(path: path, line: line, reason: "scan \(scan) is listed twice") }
            if let other = siteOfCase[caseID], other != site {
                throw .badCaseMap(path: path, line: line, reason: "case \(caseID) has site \(other) on an earlier line and \(site) here")
            }
            siteOfCase[caseID] = site
            assignments[scan] = CaseAssignment(caseID: caseID, site: site, date: date, implant: implant)
        }
        return CaseMap(path: path, assignments: assignments)
    }

    /// The non-blank records of the text with their line numbers (1-based, where each record starts).
    static func rows(_ text: String, path: String) throws(ImportError) -> [(line: Int, fields: [String])] {
        var rows: [(line: Int, fields: [String])] = []
        var fields: [String] = [], field = "", quoted = false, afterQuote = false
        var line = 1, start = 1
        func endRecord() {
            fields.append(field)
            if fields.count > 1 || !fields[0].trimmingCharacters(in: .whitespaces).isEmpty { rows.append((start, fields)) }
            (fields, field, afterQuote) = ([], "", false)
        }
        var chars = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; afterQuote = true; pending = n }
                    } else { quoted = false; afterQuote = true }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",": fields.append(field); (field, afterQuote) = ("", false)
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                start = line
            case "\"" where field.allSatisfy(\.isWhitespace) && !afterQuote:
                (field, quoted) = ("", true)
            default:
                if afterQuote && !c.isWhitespace {
                    throw .badCaseMap(path: path, line: line, reason: "text after a closing quote")
                }
                if !afterQuote { field.append(c) }
            }
        }
        if quoted { throw .badCaseMap(path: path, line: start, reason: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return rows
    }
}
