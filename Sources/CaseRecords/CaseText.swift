import Foundation
import Decision
import Measurements

/// The human-readable (and `--json`) renderings of `case show`, `case history` and `case list`.
public enum CaseText {
    /// The line `analyze --case` ends with.
    public static func attached(_ result: AttachResult, caseID: String) -> String {
        result.alreadyAttached
            ? "case \(caseID): this scan is already attached (scan \(result.scanID)); nothing changed"
            : "case \(caseID): attached as scan \(result.scanID) (implant \(result.implant))"
                + (result.baselineBoneLevelMm.map { String(format: ", baseline worst bone level %.2f mm", $0) } ?? "")
    }

    public static func prettyJSON<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func f(_ v: Double?, _ digits: Int = 2) -> String {
        v.map { String(format: "%.\(digits)f", $0) } ?? "–"
    }

    static func signed(_ v: Double?, _ digits: Int = 2) -> String {
        v.map { String(format: "%+.\(digits)f", $0) } ?? "–"
    }

    /// The timeline: scans (with the case implant's site bone levels and the recommendation) and findings, by date.
    public static func show(_ r: CaseRecord) -> String {
        var lines = ["Case \(r.info.id) · site \(r.info.site)"
                     + (r.info.implantSystem.map { " · \($0)" } ?? "")
                     + (r.info.placedDate.map { " · placed \($0)" } ?? "")]
        enum Event { case scan(StoredScan), findings(StoredFindings) }
        let events: [(CaseDate, Int, Event)] = r.scans.map { ($0.date, 1, .scan($0)) } + r.findings.map { ($0.date, 0, .findings($0)) }
        if events.isEmpty { lines.append("  no scans or findings yet") }
        for (date, _, event) in events.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            switch event {
            case .scan(let s):
                let m = s.implant, b = m.boneLevelMm
                lines.append("\(date)  scan \(s.id): \(s.source) (series \(s.seriesUID.isEmpty ? "–" : s.seriesUID), voxel \(f(s.voxelMm)) mm, implant \(s.trackedImplant) of \(s.measurements.implants.count))")
                if let p = s.patient { lines.append("            patient: \([p.name, p.id, p.birthDate].compactMap { $0 }.joined(separator: " · "))") }
                lines.append("            bone level mm: mesial \(f(b.mesial))  distal \(f(b.distal))  buccal \(f(b.buccal))  lingual \(f(b.lingual))  worst \(f(b.max))  · \(m.defect.schwarzClass == "none" ? "no defect" : "Schwarz \(m.defect.schwarzClass)")")
                if let rec = s.recommendation {
                    var basis: [String] = []
                    if let d = s.findingsDate { basis.append("findings of \(d)") }
                    if let bl = s.baselineBoneLevelMm { basis.append("baseline \(f(bl)) mm") }
                    lines.append("            recommendation: \(rec.sentence)" + (basis.isEmpty ? "" : " [\(basis.joined(separator: ", "))]"))
                }
            case .findings(let v):
                lines.append("\(date)  findings: \(summary(v.findings))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func summary(_ findings: ClinicalFindings) -> String {
        var parts: [String] = []
        if let pd = findings.probingDepthMm { parts.append("probing depth \(f(pd, 1)) mm") }
        if let b = findings.bleedingOnProbing { parts.append("BOP \(b ? "yes" : "no")") }
        if let s = findings.suppuration { parts.append("suppuration \(s ? "yes" : "no")") }
        if findings.mobility == true { parts.append("mobile") }
        if findings.acuteInfection == true { parts.append("acute infection") }
        return parts.isEmpty ? "recorded (no probing data)" : parts.joined(separator: ", ")
    }

    public static func history(_ h: CaseHistory) -> String {
        var lines = ["Case \(h.caseID) · site \(h.site) · measurement error \(f(CaseHistory.measurementErrorVoxels, 0)) voxel per scan, combined √(e₁²+e₂²)"]
        guard !h.alignments.isEmpty else { return (lines + ["  no scans yet"]).joined(separator: "\n") }
        lines.append("Alignment to the first scan (rotation about the implant axis):")
        for a in h.alignments {
            lines.append("  \(a.date)  scan \(a.scanID): \(signed(a.angleDeg, 1))°, confidence \(f(a.confidence))"
                         + (a.sitesCorrected ? ", sites recomputed from rotated sectors" : ""))
        }
        for s in h.sites {
            lines.append("\(s.site): Albrektsson \(s.albrektsson.status.rawValue)"
                         + (s.site == "worst" ? "" : " (year one \(signed(s.albrektsson.yearOneLossMm)) mm, then \(signed(s.albrektsson.rateAfterYearOneMmPerYear)) mm/year; \(s.albrektsson.note))"))
            lines.append("  date        level  since first (rate/yr, >error)  since previous (rate/yr, >error)")
            for p in s.points {
                func exceeds(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "–" }
                lines.append("  \(p.date)  \(f(p.boneLevelMm))   \(signed(p.changeSinceFirstMm)) (\(signed(p.rateSinceFirstMmPerYear)), \(exceeds(p.exceedsErrorSinceFirst)))"
                             + "            \(signed(p.changeSincePreviousMm)) (\(signed(p.rateSincePreviousMmPerYear)), \(exceeds(p.exceedsErrorSincePrevious)))")
            }
        }
        lines.append("Albrektsson success (all four sites): \(h.albrektsson.rawValue)")
        if let p = h.progressiveLoss {
            lines.append("Progressive loss (2017 diagnosis): \(p.progressive ? "yes" : "no"): worst sector \(f(p.baselineBoneLevelMm)) mm on \(p.baselineDate) → \(f(p.latestBoneLevelMm)) mm on \(p.latestDate) (\(signed(p.changeMm)) mm; error \(f(p.errorMm)) mm)")
        } else {
            lines.append("Progressive loss (2017 diagnosis): needs two scans")
        }
        return lines.joined(separator: "\n")
    }

    public static func list(_ entries: [CaseListEntry]) -> String {
        guard !entries.isEmpty else { return "no cases" }
        var lines = ["case  site  scans  first       last        findings  last diagnosis"]
        for e in entries {
            lines.append("\(e.id)  \(e.site)  \(e.scans)  \(e.firstScan?.description ?? "–")  \(e.lastScan?.description ?? "–")  \(e.findingsVisits)  \(e.lastDiagnosis ?? "–")")
        }
        return lines.joined(separator: "\n")
    }
}
