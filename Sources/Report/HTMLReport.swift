import Decision
import Foundation
import Measurements

/// `report.html`: one self-contained page per analysis: the scan, then per implant the recommendation in
/// plain words, the three figures inline, the measurements, the quality flags and the rule trace with
/// sources. No scripts, no fonts, nothing loaded from anywhere; print CSS puts each implant on its own page.
public enum HTMLReport {
    public static func page(measurements: ScanMeasurements, decisions: DecisionReport, figures: [ImplantFigures]) -> String {
        let s = measurements.scan
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>ImplantScan report: \(e(displayName(s.source)))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <header>
        <h1>ImplantScan report</h1>
        <p class="lead">\(e(displayName(s.source))): \(measurements.implants.count) implant\(measurements.implants.count == 1 ? "" : "s") measured.</p>
        </header>
        <section class="scan">
        <h2>Scan</h2>

        """
        html += table(rows: scanRows(measurements))
        if !measurements.excluded.isEmpty {
            html += "<h3>Dense objects not measured</h3>\n<ul>\n"
            for x in measurements.excluded {
                html += "<li>\(e(Markup.number(x.volumeMm3, decimals: 0))) mm³ at \(e(vector(x.centerMm))): \(e(x.reason))</li>\n"
            }
            html += "</ul>\n"
        }
        if !measurements.notes.isEmpty {
            html += "<h3>Notes</h3>\n<ul>\n" + measurements.notes.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
        }
        html += "</section>\n"
        for (k, m) in measurements.implants.enumerated() {
            let n = k + 1
            html += implantSection(n, m, recommendation: decisions.implants.first { $0.implant == n }?.recommendation,
                                   figures: figures.first { $0.implant == n })
        }
        html += """
        <footer>
        <p>Lengths in mm along and around each implant's own axis; angles in degrees (0° buccal, 90° mesial,
        180° lingual, 270° distal). Written by <code>implantscan analyze</code>; the same values are in
        measurements.json and recommendations.json beside this page. A recommendation supports, and does not
        replace, the clinician's judgement.</p>
        </footer>
        </body>
        </html>
        """
        return html
    }

    static let css = """
    body { font-family: sans-serif; color: #1a1a1a; background: #ffffff; margin: 1.5em auto; max-width: 1100px; padding: 0 1em; line-height: 1.4; }
    h1 { font-size: 1.6em; margin-bottom: 0.2em; }
    h2 { font-size: 1.3em; border-bottom: 2px solid #1a1a1a; padding-bottom: 0.2em; margin-top: 1.6em; }
    h3 { font-size: 1.05em; margin-bottom: 0.3em; }
    .lead { font-size: 1.1em; margin-top: 0; }
    table { border-collapse: collapse; margin: 0.4em 0 1em; font-size: 0.92em; }
    th, td { border: 1px solid #b0b0b0; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
    th { background: #eeeeee; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    table.trace { width: 100%; }
    table.trace td, table.trace th { overflow-wrap: anywhere; }
    .recommendation { border-left: 6px solid #0072b2; background: #eef5fb; padding: 0.6em 1em; font-size: 1.1em; }
    .flags li { margin-bottom: 0.2em; }
    tr.fired td { background: #fff6dd; }
    tr.blocked td { color: #7a1f00; }
    tr.not-fired td { color: #555555; }
    figure { margin: 1em 0; }
    figure svg { max-width: 100%; height: auto; display: block; border: 1px solid #dddddd; }
    figcaption { font-size: 0.9em; color: #333333; margin-top: 0.3em; }
    code { font-size: 0.95em; }
    footer { margin-top: 2em; font-size: 0.85em; color: #444444; border-top: 1px solid #b0b0b0; }
    @page { size: A4; margin: 12mm; }
    @media print {
      body { max-width: none; margin: 0; font-size: 10pt; }
      section.implant { break-before: page; }
      figure, table, .recommendation { break-inside: avoid; }
      figure svg { border: none; }
      tr.fired td, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      .recommendation, figure svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """

    // MARK: - Parts

    static func implantSection(_ n: Int, _ m: ImplantMeasurement, recommendation: Recommendation?, figures: ImplantFigures?) -> String {
        var h = "<section class=\"implant\" id=\"implant-\(n)\">\n"
        h += "<h2>Implant \(n): \(e(m.material)), \(e(Markup.number(m.diameterMm, decimals: 1))) × \(e(Markup.number(m.lengthMm, decimals: 1))) mm</h2>\n"
        if let r = recommendation {
            h += "<p class=\"recommendation\"><strong>Recommendation:</strong> \(e(r.sentence))</p>\n"
        } else {
            h += "<p class=\"recommendation\">No recommendation was asked for this implant (the findings named another).</p>\n"
        }
        if let f = figures {
            h += figure(f.sections, caption: "Sections through the implant axis in a bone window: implant outline, shoulder, first "
                        + "bone contact on each side with its depth below the shoulder, artifact margin and the 1–2 mm and 2–3 mm "
                        + "density shells. (\(ImplantFigures.sectionsName(n)))")
            h += figure(f.boneMap, caption: "Bone map: the band just outside the artifact margin unrolled around the implant; "
                        + "the red line is the bone level of each 5° sector. (\(ImplantFigures.boneMapName(n)))")
            h += figure(f.axial, caption: "Axial slice just below the crest with the 72 sectors coloured by bone loss. "
                        + "(\(ImplantFigures.axialName(n)))")
        }
        h += "<h3>Measurements</h3>\n" + table(rows: measurementRows(m))
        h += "<h3>Bone level by site</h3>\n"
        h += table(header: ["site", "bone level (mm)", "bone loss (mm)"], rows: [
            ("mesial", m.boneLevelMm.mesial), ("distal", m.boneLevelMm.distal), ("buccal", m.boneLevelMm.buccal),
            ("lingual", m.boneLevelMm.lingual), ("worst sector", m.boneLevelMm.max),
        ].map { [$0.0, num($0.1), num(max(0, $0.1 - m.referenceMm))] }, numericFrom: 1)
        h += "<h3>Wall thickness</h3>\n"
        h += table(header: ["depth below shoulder", "buccal (mm)", "lingual (mm)"],
                   rows: m.wallThicknessMm.map { [$0.label == "mid" ? "mid-implant (\(num($0.depthMm)) mm)" : "\(num($0.depthMm)) mm",
                                                  num($0.buccal), num($0.lingual)] }, numericFrom: 1)
        h += "<h3>Ridge width</h3>\n"
        h += table(header: ["depth below crest", "width (mm)"], rows: m.ridgeWidthMm.map { ["\(num($0.depthMm)) mm", num($0.widthMm)] },
                   numericFrom: 1)
        h += "<h3>Density shells\(m.quality.calibrated ? " (HU)" : " (uncalibrated gray values)")</h3>\n"
        h += table(header: ["shell", "third", "mean", "median", "SD", "10th pct", "90th pct", "voxels"],
                   rows: m.densityShells.map { ["\(num($0.innerMm))–\(num($0.outerMm)) mm", $0.third, num0($0.mean), num0($0.median),
                                                num0($0.sd), num0($0.p10), num0($0.p90), String($0.voxelCount)] }, numericFrom: 2)
        h += "<h3>Quality of the measurement</h3>\n"
        if m.quality.flags.isEmpty {
            h += "<p>No quality flags.</p>\n"
        } else {
            h += "<ul class=\"flags\">\n" + m.quality.flags.map { "<li><code>\(e($0))</code>: \(e(FlagText.explain($0)))</li>\n" }.joined()
                + "</ul>\n"
        }
        h += table(rows: [
            ("voxel size", "\(num(m.quality.voxelMm)) mm"),
            ("artifact margin", "\(num(m.quality.artifactMarginMm)) mm"),
            ("buccal direction confidence", m.quality.buccalDirectionConfidence),
            ("calibrated HU", m.quality.calibrated ? "yes" : "no"),
            ("clamped voxels", String(m.quality.clampedVoxels)),
            ("unmeasured sectors", m.quality.unmeasuredSectorsDeg.isEmpty ? "none"
                : m.quality.unmeasuredSectorsDeg.map { "\(num($0))°" }.joined(separator: ", ")),
        ])
        if let r = recommendation { h += decisionPart(r) }
        return h + "</section>\n"
    }

    static func decisionPart(_ r: Recommendation) -> String {
        var h = "<h3>Decision</h3>\n"
        var rows: [(String, String)] = [
            ("diagnosis", r.diagnosis.rawValue), ("severity", r.severity.rawValue), ("outcome (ICOI)", r.outcome.rawValue),
            ("treatment", r.treatment.rawValue), ("reimplantation", r.reimplantation.rawValue), ("graft", r.graft.rawValue),
        ]
        if let w = r.healingWeeks {
            let weeks = w.max.map { $0 == w.min ? "\(num0(w.min)) weeks" : "\(num0(w.min))–\(num0($0)) weeks" }
            rows.append(("healing before the new implant", weeks ?? "more than \(num0(w.min)) weeks"))
        }
        rows.append(("missing inputs", r.missingInputs.isEmpty ? "none" : r.missingInputs.joined(separator: ", ")))
        h += table(rows: rows)
        h += "<h3>Rule trace</h3>\n<p>Rule set \(e(r.ruleSetVersion)), thresholds \(e(r.thresholdsHash)).</p>\n"
        h += "<table class=\"trace\">\n<thead><tr><th>rule</th><th>outcome</th><th>inputs</th><th>threshold</th><th>source</th></tr></thead>\n<tbody>\n"
        for t in r.trace {
            let inputs = t.inputs.keys.sorted().map { "\($0) \(t.inputs[$0]!)" }.joined(separator: ", ")
            h += "<tr class=\"\(e(t.outcome.rawValue))\"><td><code>\(e(t.ruleId))</code></td><td>\(e(t.outcome.rawValue))</td>"
                + "<td>\(e(inputs))</td><td>\(e(t.threshold))</td><td>\(e(t.source))</td></tr>\n"
        }
        return h + "</tbody>\n</table>\n"
    }

    static func scanRows(_ m: ScanMeasurements) -> [(String, String)] {
        let s = m.scan
        var rows: [(String, String)] = [("source", s.source)]
        if let uid = s.seriesUID { rows.append(("series UID", uid)) }
        rows.append(("study date", s.studyDate ?? "not given"))
        rows.append(("size (voxels)", s.size.map(String.init).joined(separator: " × ")))
        rows.append(("voxel spacing", s.spacingMm.map { num($0) }.joined(separator: " × ") + " mm"))
        if s.size.count == 3 && s.spacingMm.count == 3 {
            rows.append(("field of view", zip(s.size, s.spacingMm).map { num(Double($0) * $1) }.joined(separator: " × ") + " mm"))
        }
        rows.append(("origin (LPS)", vector(s.originMm) + " mm"))
        rows.append(("calibrated HU", s.calibrated ? "yes" : "no (CBCT gray values; densities indicative)"))
        if let c = s.deviceCalibration {
            rows.append(("scanner calibration", "\(c.source): water \(num0(c.waterGray)), \(num0(c.insertHU)) HU insert \(num0(c.insertGray)); "
                         + "blooming \(num(c.bloomingScale)) × published"))
        }
        rows.append(("clamped voxels", String(s.clampedVoxels)))
        rows.append(("metal threshold", num0(m.metalThresholdHU)))
        return rows
    }

    static func measurementRows(_ m: ImplantMeasurement) -> [(String, String)] {
        var rows: [(String, String)] = [
            ("length", "\(num(m.lengthMm)) mm"), ("diameter", "\(num(m.diameterMm)) mm"), ("material", m.material),
            ("shoulder (LPS)", vector(m.shoulderMm) + " mm"), ("apex (LPS)", vector(m.apexMm) + " mm"),
            ("axis (apex → shoulder)", vector(m.axis, decimals: 3)),
        ]
        // The frame every sector, site and wall is read in (absent in files written before it was reported).
        if let buccal = m.buccalDirection {
            rows.append(("buccal direction, 0° (LPS)", vector(buccal, decimals: 3) + ", confidence " + m.quality.buccalDirectionConfidence))
        }
        rows += [
            ("worst bone loss", "\(num(max(0, m.boneLevelMm.max - m.referenceMm))) mm, \(num(m.boneLossPercent, decimals: 0)) % of the length"),
            ("reference (collar)", "\(num(m.referenceMm)) mm"),
            ("defect (Schwarz 2007)", m.defect.schwarzClass),
            ("defect (Monje 2019)", "\(m.defect.monjeClass), \(m.defect.monjeSeverity)"),
            ("defect depth / width", "\(num(m.defect.depthMm)) mm / \(num(m.defect.widthMm)) mm"),
            ("Misch density class", m.mischClass + (m.quality.calibrated ? "" : " (indicative)")),
            ("bone beyond the apex", "\(num(m.boneBeyondApexMm)) mm"),
        ]
        if m.defect.schwarzClass == "none" { rows.remove(at: rows.firstIndex { $0.0 == "defect depth / width" }!) }
        return rows
    }

    // MARK: - Markup helpers

    static func e(_ s: String) -> String { Markup.escape(s) }
    /// Fixed decimals, never "-0.00".
    static func num(_ v: Double, decimals: Int = 2) -> String {
        let s = String(format: "%.\(decimals)f", v)
        return s.hasPrefix("-") && s.dropFirst().allSatisfy { $0 == "0" || $0 == "." } ? String(s.dropFirst()) : s
    }
    static func num0(_ v: Double) -> String { num(v, decimals: 0) }
    static func vector(_ v: [Double], decimals: Int = 2) -> String { "(" + v.map { num($0, decimals: decimals) }.joined(separator: ", ") + ")" }

    /// The last path component of the scan's source (the folder name), or the source itself.
    static func displayName(_ source: String) -> String {
        let trimmed = source.hasSuffix("/") ? String(source.dropLast()) : source
        return trimmed.split(separator: "/").last.map(String.init) ?? source
    }

    /// A two-column table of names and values.
    static func table(rows: [(String, String)]) -> String {
        "<table class=\"kv\">\n<tbody>\n" + rows.map { "<tr><th scope=\"row\">\(e($0.0))</th><td>\(e($0.1))</td></tr>\n" }.joined()
            + "</tbody>\n</table>\n"
    }

    static func table(header: [String], rows: [[String]], numericFrom: Int) -> String {
        var h = "<table>\n<thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for r in rows {
            h += "<tr>" + r.enumerated().map { $0.offset >= numericFrom ? "<td class=\"num\">\(e($0.element))</td>" : "<td>\(e($0.element))</td>" }
                .joined() + "</tr>\n"
        }
        return h + "</tbody>\n</table>\n"
    }

    /// A figure inline: the SVG without its namespace declaration (the HTML parser puts `<svg>` in the SVG
    /// namespace itself, and the page then holds no URL at all).
    static func figure(_ svg: String, caption: String) -> String {
        "<figure>\n" + inline(svg) + "\n<figcaption>\(e(caption))</figcaption>\n</figure>\n"
    }

    static func inline(_ svg: String) -> String {
        svg.replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    }
}
