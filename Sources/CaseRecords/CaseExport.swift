import Foundation
import Measurements

/// Exports of the whole store for researchers: CSV (one row per implant per scan, named columns) or JSON.
/// Patient identifiers are never exported, even when kept.
public enum CaseExport {
    public static let csvColumns = [
        "caseId", "site", "scanId", "scanDate", "seriesUID", "contentHash", "voxelMm", "implant", "caseImplant",
        "lengthMm", "diameterMm", "boneLevelMesialMm", "boneLevelDistalMm", "boneLevelBuccalMm", "boneLevelLingualMm",
        "boneLevelWorstMm", "boneLossPercent", "schwarzClass", "monjeClass", "monjeSeverity",
        "alignmentDeg", "alignmentConfidence", "changeSinceFirstMesialMm", "changeSinceFirstDistalMm",
        "changeSinceFirstBuccalMm", "changeSinceFirstLingualMm", "changeSinceFirstWorstMm", "rateSinceFirstWorstMmPerYear",
        "diagnosis", "severity", "treatment", "ruleSetVersion",
    ]

    /// RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break.
    public static func csv(_ records: [CaseRecord]) -> String {
        var lines = [csvColumns.joined(separator: ",")]
        for r in records {
            let history = CaseHistory(r)
            for (k, s) in r.scans.enumerated() {
                let al = history.alignments[k]
                func change(_ site: String) -> String {
                    num(history.sites.first { $0.site == site }?.points[k].changeSinceFirstMm)
                }
                let worstRate = num(history.sites.first { $0.site == "worst" }?.points[k].rateSinceFirstMmPerYear)
                for (i, m) in s.measurements.implants.enumerated() {
                    let tracked = i + 1 == s.trackedImplant
                    let b = m.boneLevelMm
                    let rec = tracked ? s.recommendation : nil
                    var row: [String] = [r.info.id, r.info.site, String(s.id), s.date.description, s.seriesUID, s.contentHash,
                                         num(s.voxelMm), String(i + 1), tracked ? "yes" : "no", num(m.lengthMm), num(m.diameterMm),
                                         num(b.mesial), num(b.distal), num(b.buccal), num(b.lingual), num(b.max),
                                         num(m.boneLossPercent, digits: 1), m.defect.schwarzClass, m.defect.monjeClass,
                                         m.defect.monjeSeverity]
                    row += tracked ? [num(al.angleDeg, digits: 1), num(al.confidence, digits: 2), change("mesial"), change("distal"),
                                      change("buccal"), change("lingual"), change("worst"), worstRate]
                                   : Array(repeating: "", count: 8)
                    row += [rec?.diagnosis.rawValue ?? "", rec?.severity.rawValue ?? "", rec?.treatment.rawValue ?? "",
                            rec?.ruleSetVersion ?? ""]
                    lines.append(row.map(quoted).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `{"schemaVersion": 1, "cases": [{"case", "scans", "findings", "history"}]}`.
    public static func json(_ records: [CaseRecord]) throws -> String {
        struct Entry: Encodable {
            var `case`: CaseInfo
            var scans: [StoredScan]
            var findings: [StoredFindings]
            var history: CaseHistory
        }
        struct Document: Encodable {
            var schemaVersion = 1
            var cases: [Entry]
        }
        let entries = records.map { r in
            Entry(case: r.info, scans: r.scans.map { var s = $0; s.patient = nil; return s }, findings: r.findings,
                  history: CaseHistory(r))
        }
        return try CaseText.prettyJSON(Document(cases: entries))
    }

    static func num(_ v: Double?, digits: Int = 3) -> String {
        guard let v, v.isFinite else { return "" }
        return String(format: "%.\(digits)f", v)
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
