import ImplantAnalysis
import Measurements
import ScanIO

/// `implant-N-bonemap.svg`: the band around the implant unrolled, angle across (buccal in the middle,
/// lingual at both edges) and depth below the shoulder down; bone present light, absent dark, outside
/// the scan gray (what the analysis read, `BoneBandMap`); over it the bone-level line of the measured
/// sectors, the four sites and a depth scale bar.
public enum BoneMapFigure {
    public static let pxPerDeg = 2.0
    public static let pxPerMm = 24.0
    static let left = 64.0, top = 66.0, right = 96.0

    /// Gray of each cell in the embedded image.
    public static let presentGray: UInt8 = 215, absentGray: UInt8 = 40, unmeasuredGray: UInt8 = 128

    /// The sites across the map: x at their angle (−180…180, buccal 0).
    static let sites: [(name: String, angle: Double)] = [("lingual", -180), ("distal", -90), ("buccal", 0), ("mesial", 90),
                                                          ("lingual", 180)]

    /// A sector angle (0…360, 0° buccal, 90° mesial) on the map's −180…180 axis.
    static func mapAngle(_ a: Double) -> Double {
        let w = (a + 180).truncatingRemainder(dividingBy: 360)
        return (w < 0 ? w + 360 : w) - 180
    }

    public static func pixels(_ map: BoneBandMap) -> [UInt8] {
        map.cells.map { cell in
            switch cell {
            case .present: return presentGray
            case .absent: return absentGray
            case .unmeasured: return unmeasuredGray
            }
        }
    }

    /// The bone-level line as steps: each 5° sector flat over its width, split at the ±180° edges.
    static func levelSteps(_ m: ImplantMeasurement) -> [(angle: Double, depth: Double)] {
        let sectors = m.sectors.map { (angle: mapAngle($0.angleDeg), level: $0.boneLevelMm) }.sorted { $0.angle < $1.angle }
        guard !sectors.isEmpty else { return [] }
        let half = 360 / Double(max(1, m.sectors.count)) / 2
        var points: [(Double, Double)] = []
        for s in sectors {
            let lo = max(-180, s.angle - half), hi = min(180, s.angle + half)
            points += [(lo, s.level), (hi, s.level)]
        }
        // The sector on the −180° edge also covers the last half sector before +180°.
        if let first = sectors.first, first.angle - half < -180 - 1e-9 {
            points += [(first.angle + 360 - half, first.level), (180, first.level)]
        }
        return points
    }

    public static func svg(implant: AnalyzedImplant, measurement m: ImplantMeasurement,
                           idPrefix: String) throws(PNGEncodeError) -> String {
        let map = implant.boneMap
        let plotW = 360 * pxPerDeg, plotH = Double(map.rows) * map.depthStepMm * pxPerMm
        var doc = SVGDocument(width: left + plotW + right, height: top + plotH + 120, idPrefix: idPrefix)
        doc.rootAttributes = [("class", "figure bone-map"), ("data-px-per-mm", Markup.number(pxPerMm)),
                              ("data-px-per-deg", Markup.number(pxPerDeg))]
        func X(_ angle: Double) -> Double { left + (angle + 180) * pxPerDeg }
        func Y(_ depth: Double) -> Double { top + depth * pxPerMm }

        doc.text("Bone around the implant, unrolled (angle × depth below the shoulder)", x: left, y: 20,
                 size: FigureStyle.titleSize, bold: true)
        let uri = try EmbeddedPNG.dataURI(gray8: pixels(map), width: map.columns, height: map.rows)
        doc.image(dataURI: uri, x: X(-180), y: Y(0), width: plotW, height: plotH, extra: [("class", "bone-map-image")])
        doc.rect(x: X(-180), y: Y(0), width: plotW, height: plotH, fill: "none", stroke: FigureStyle.text,
                 extra: [("id", doc.id("plot-area")), ("class", "plot-area"), ("data-depth-top-mm", "0"),
                         ("data-angle-left-deg", "-180")])

        // Sites: a dashed line at each direction, its name above, the ±22.5° it averages shaded on the rim.
        for site in sites {
            doc.line(X(site.angle), Y(0), X(site.angle), Y(m.lengthMm), stroke: "#56b4e9", width: 1, dash: "3 3",
                     extra: [("class", "site-line"), ("data-site", site.name)])
            let anchor: SVGDocument.Anchor = site.angle <= -180 ? .start : site.angle >= 180 ? .end : .middle
            doc.text(site.name, x: X(site.angle), y: top - 26, anchor: anchor, bold: true,
                     extra: [("class", "site-label"), ("data-angle-deg", Markup.number(site.angle))])
            let lo = max(-180, site.angle - SectorGeometry.siteHalfWidthDeg), hi = min(180, site.angle + SectorGeometry.siteHalfWidthDeg)
            doc.rect(x: X(lo), y: top - 16, width: (hi - lo) * pxPerDeg, height: 8, fill: "#56b4e9",
                     extra: [("class", "site-span"), ("data-site", site.name)])
        }
        // Angle ticks every 45°, depth ticks every 2 mm.
        for a in stride(from: -180.0, through: 180, by: 45) {
            doc.line(X(a), Y(0) + plotH, X(a), Y(0) + plotH + 5, stroke: FigureStyle.text)
            doc.text("\(Int(a))°", x: X(a), y: Y(0) + plotH + 18, size: 10, anchor: .middle)
        }
        for d in stride(from: 0.0, through: m.lengthMm + 1e-9, by: 2) {
            doc.line(X(-180) - 5, Y(d), X(-180), Y(d), stroke: FigureStyle.text)
            doc.text(Markup.number(d, decimals: 0), x: X(-180) - 8, y: Y(d) + 4, size: 10, anchor: .end)
        }
        doc.text("mm", x: X(-180) - 8, y: Y(0) - 6, size: 10, anchor: .end)
        if m.referenceMm > 0 {
            doc.line(X(-180), Y(m.referenceMm), X(180), Y(m.referenceMm), stroke: FigureStyle.shoulder, width: 1.5, dash: "6 3",
                     extra: [("class", "reference-line")])
        }
        // The bone-level line: the measured sector levels.
        let steps = levelSteps(m)
        doc.polyline(steps.map { (X($0.angle), Y($0.depth)) }, stroke: FigureStyle.boneLevel, width: 2.5,
                     extra: [("id", doc.id("bone-level-line")), ("class", "bone-level-line")])

        doc.scaleBar(x: X(180) + 24, y: Y(0), mm: 2, pxPerMm: pxPerMm, vertical: true)
        let legendY = Y(0) + plotH + 44
        doc.legend(x: left, y: legendY, entries: [
            LegendEntry(swatch: .box(fill: gray(presentGray), opacity: 1), label: "bone present in the band outside the artifact margin"),
            LegendEntry(swatch: .box(fill: gray(absentGray), opacity: 1), label: "no bone"),
            LegendEntry(swatch: .box(fill: gray(unmeasuredGray), opacity: 1), label: "outside the scan"),
        ])
        var lineEntries: [LegendEntry] = [
            LegendEntry(swatch: .line(stroke: FigureStyle.boneLevel, dash: nil), label: "bone level (first bone contact, 72 sectors)"),
            LegendEntry(swatch: .box(fill: "#56b4e9", opacity: 1), label: "sectors averaged for each site (±22.5°)"),
        ]
        if m.referenceMm > 0 {
            lineEntries.append(LegendEntry(swatch: .line(stroke: FigureStyle.shoulder, dash: "6 3"),
                                     label: "reference (collar) \(Markup.mm(m.referenceMm))"))
        }
        doc.legend(x: left + 360, y: legendY, entries: lineEntries)
        return doc.render(title: "Bone map")
    }

    static func gray(_ v: UInt8) -> String {
        let h = String(v, radix: 16)
        let hh = h.count == 1 ? "0" + h : h
        return "#" + hh + hh + hh
    }
}
