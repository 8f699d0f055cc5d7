import ImplantAnalysis
import Measurements
import ScanIO
import VolumeCore

/// `implant-N-sections.svg`: two sections through the implant axis, bucco-lingual (lingual left, buccal
/// right) and mesio-distal (distal left, mesial right), shoulder at the top, in the bone window; over
/// them the implant outline, the shoulder, the first bone contact on each side with its depth, the
/// artifact margin and the two density shells.
public enum SectionsFigure {
    /// Sampling step of the sections (mm) and display scale (px per mm).
    public static let pixelMm = 0.1
    public static let pxPerMm = 16.0
    /// Bone shown beyond the implant surface on each side, above the shoulder and below the apex (mm).
    static let besideMm = 7.0, aboveMm = 3.0, belowMm = 3.0
    static let margin = 30.0, panelGap = 60.0, top = 58.0

    struct Panel {
        var title: String
        var leftAngle: Double, rightAngle: Double
        var leftSite: String, rightSite: String
    }

    static let panels = [
        Panel(title: "Bucco-lingual section", leftAngle: SectorGeometry.lingualDeg, rightAngle: SectorGeometry.buccalDeg,
              leftSite: "lingual", rightSite: "buccal"),
        Panel(title: "Mesio-distal section", leftAngle: SectorGeometry.distalDeg, rightAngle: SectorGeometry.mesialDeg,
              leftSite: "distal", rightSite: "mesial"),
    ]

    /// The plane of one panel: through the axis, `rightAngle` to the right, depth downwards.
    static func plane(_ profile: ImplantProfile, rightAngle: Double) -> SectionPlane {
        let hw = profile.maxRadius + besideMm
        return SectionPlane(center: profile.frame.shoulder, right: profile.direction(angleDeg: rightAngle),
                            down: -profile.frame.axis, uRange: -hw...hw, vRange: -aboveMm...(profile.length + belowMm),
                            pixelMm: pixelMm)
    }

    public static func svg(volume: Volume<Int16>, implant: AnalyzedImplant, measurement m: ImplantMeasurement,
                           window: BoneWindow, idPrefix: String) throws(PNGEncodeError) -> String {
        let profile = ImplantProfile(frame: implant.frame)
        let planes = panels.map { plane(profile, rightAngle: $0.rightAngle) }
        let panelW = planes[0].widthMm * pxPerMm, panelH = planes[0].heightMm * pxPerMm
        let width = 2 * margin + 2 * panelW + panelGap
        let legendTop = top + panelH + 62
        var doc = SVGDocument(width: max(width, 620), height: legendTop + 4 * FigureStyle.legendRow + 10, idPrefix: idPrefix)
        doc.rootAttributes = [("class", "figure sections"), ("data-px-per-mm", Markup.number(pxPerMm))]

        for (k, panel) in panels.enumerated() {
            let x0 = margin + Double(k) * (panelW + panelGap)
            let pl = planes[k]
            let image = SectionSampler.sample(volume, on: pl)
            let uri = try EmbeddedPNG.dataURI(gray8: window.gray8(image), width: image.width, height: image.height)
            let hw = pl.widthMm / 2
            func X(_ u: Double) -> Double { x0 + (u + hw) * pxPerMm }
            func Y(_ d: Double) -> Double { top + (d + aboveMm) * pxPerMm }

            doc.text(panel.title, x: x0 + panelW / 2, y: top - 30, size: FigureStyle.titleSize, anchor: .middle, bold: true)
            doc.text(panel.leftSite, x: x0, y: top - 8, bold: true)
            doc.text(panel.rightSite, x: x0 + panelW, y: top - 8, anchor: .end, bold: true)
            doc.image(dataURI: uri, x: x0, y: top, width: panelW, height: panelH,
                      extra: [("class", "section-image"), ("data-site-left", panel.leftSite), ("data-site-right", panel.rightSite)])

            let depths = profile.depths(step: 0.25)
            for side in [-1.0, 1.0] {
                // Density shells: 1–2 and 2–3 mm from the surface, shoulder to apex.
                for (inner, outer, color) in [(1.0, 2.0, FigureStyle.innerShell), (2.0, 3.0, FigureStyle.outerShell)] {
                    let outerEdge = depths.map { (X(side * (profile.radius(atDepth: $0) + outer)), Y($0)) }
                    let innerEdge = depths.reversed().map { (X(side * (profile.radius(atDepth: $0) + inner)), Y($0)) }
                    doc.polygon(outerEdge + innerEdge, fill: color, opacity: FigureStyle.shellOpacity,
                                extra: [("class", "density-shell"), ("data-inner-mm", Markup.number(inner)),
                                        ("data-outer-mm", Markup.number(outer))])
                }
                // Artifact margin: the band skipped next to the metal.
                let marginEdge = depths.map { (X(side * (profile.radius(atDepth: $0) + m.quality.artifactMarginMm)), Y($0)) }
                doc.polyline(marginEdge, stroke: FigureStyle.artifactMargin, width: 1.5, dash: "4 3",
                             extra: [("class", "artifact-margin")])
            }
            // Implant outline: down the left side, across the apex, up the right side.
            let left = depths.map { (X(-profile.radius(atDepth: $0)), Y($0)) }
            let right = depths.reversed().map { (X(profile.radius(atDepth: $0)), Y($0)) }
            doc.polygon(left + right, fill: "none", extra: [("class", "implant-outline"), ("stroke", FigureStyle.implantOutline),
                                                           ("stroke-width", "2")])
            // Shoulder across the panel.
            doc.line(X(-hw), Y(0), X(hw), Y(0), stroke: FigureStyle.shoulder, width: 1.5, dash: "8 4",
                     extra: [("class", "shoulder-line")])
            doc.text("shoulder", x: X(-hw) + 4, y: Y(0) - 5, fill: FigureStyle.label, halo: true)
            // First bone contact on each side.
            for (site, angle, side) in [(panel.leftSite, panel.leftAngle, -1.0), (panel.rightSite, panel.rightAngle, 1.0)] {
                guard let level = ImplantProfile.sectorLevel(m, angleDeg: angle) else { continue }
                let u = side * (profile.radius(atDepth: level) + m.quality.artifactMarginMm)
                let edge = side * (hw - 0.2)
                doc.line(X(u), Y(level), X(edge), Y(level), stroke: FigureStyle.firstContact, width: 1.5,
                         extra: [("class", "fbic-leader")])
                doc.circle(cx: X(u), cy: Y(level), r: 4, fill: FigureStyle.firstContact, stroke: FigureStyle.label, width: 1,
                           extra: [("class", "fbic"), ("data-site", site), ("data-depth-mm", Markup.number(level))])
                // Below its line, so that it never covers the shoulder's label above the shoulder line.
                doc.text(Markup.mm(level), x: side < 0 ? X(edge) + 2 : X(edge) - 2, y: Y(level) + 15,
                         anchor: side < 0 ? .start : .end, fill: FigureStyle.label, halo: true,
                         extra: [("class", "fbic-label"), ("data-site", site)])
            }
        }

        let scaleY = top + panelH + 30
        doc.scaleBar(x: margin, y: scaleY, mm: 5, pxPerMm: pxPerMm)
        let shells = shellMeans(m)
        let unit = m.quality.calibrated ? "HU" : "(uncalibrated)"
        doc.legend(x: margin, y: legendTop, entries: [
            LegendEntry(swatch: .line(stroke: FigureStyle.implantOutline, dash: nil), label: "implant outline"),
            LegendEntry(swatch: .line(stroke: FigureStyle.shoulder, dash: "8 4"), label: "shoulder"),
            LegendEntry(swatch: .dot(fill: FigureStyle.firstContact), label: "first bone contact, its depth below the shoulder"),
            LegendEntry(swatch: .line(stroke: FigureStyle.artifactMargin, dash: "4 3"),
                        label: "artifact margin \(Markup.number(m.quality.artifactMarginMm)) mm"),
        ])
        doc.legend(x: margin + 290, y: legendTop, entries: [
            LegendEntry(swatch: .box(fill: FigureStyle.innerShell, opacity: FigureStyle.shellOpacity),
                        label: "density shell 1–2 mm: mean \(Markup.number(shells.inner, decimals: 0)) \(unit)"),
            LegendEntry(swatch: .box(fill: FigureStyle.outerShell, opacity: FigureStyle.shellOpacity),
                        label: "density shell 2–3 mm: mean \(Markup.number(shells.outer, decimals: 0)) \(unit)"),
            LegendEntry(swatch: .box(fill: "#808080", opacity: 1), label: "bone window \(Markup.number(window.lower, decimals: 0))"
                        + " to \(Markup.number(window.upper, decimals: 0))"),
        ])
        return doc.render(title: "Sections through implant axis")
    }

    /// Voxel-weighted mean of the inner (1–2 mm) and outer (2–3 mm) shells over the three thirds.
    static func shellMeans(_ m: ImplantMeasurement) -> (inner: Double, outer: Double) {
        func mean(_ inner: Double) -> Double {
            let s = m.densityShells.filter { $0.innerMm == inner }
            let n = s.reduce(0) { $0 + $1.voxelCount }
            return n == 0 ? 0 : s.reduce(0) { $0 + $1.mean * Double($1.voxelCount) } / Double(n)
        }
        return (mean(1), mean(2))
    }
}
