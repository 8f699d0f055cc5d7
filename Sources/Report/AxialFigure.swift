import Decision
import Foundation
import ImplantAnalysis
import Measurements
import ScanIO
import VolumeCore

/// `implant-N-axial.svg`: the slice perpendicular to the implant axis just below the crest, buccal up and
/// mesial right, in the bone window and clipped to a disc; around it a ring of the 72 sectors coloured by
/// bone loss (`LossScale`), with the implant outline, the artifact margin, the sites, a scale bar and a legend.
public enum AxialFigure {
    public static let pixelMm = 0.1
    public static let pxPerMm = 18.0
    /// Bone shown beyond the widest implant radius (mm), and the sector ring outside the disc.
    static let besideMm = 5.5, ringGapMm = 0.4, ringWidthMm = 1.8
    static let margin = 20.0, top = 40.0, legendWidth = 250.0
    /// The slice lies this far below the median first bone contact, so that the crest's bone shows.
    public static let belowCrestMm = 0.5

    /// Depth of the slice below the shoulder: the median sector bone level plus `belowCrestMm`, kept
    /// 0.3 mm inside the implant's length.
    public static func sliceDepth(_ m: ImplantMeasurement) -> Double {
        let levels = m.sectors.map(\.boneLevelMm).sorted()
        let median = levels.isEmpty ? 0 : levels[levels.count / 2]
        return min(max(median + belowCrestMm, 0.3), max(0.3, m.lengthMm - 0.3))
    }

    /// The slice plane: centred on the axis at `depth`, mesial to the right, buccal up.
    static func plane(_ profile: ImplantProfile, depth: Double) -> SectionPlane {
        let h = profile.maxRadius + besideMm
        let f = profile.frame
        return SectionPlane(center: f.shoulder - f.axis * depth, right: f.mesial, down: -f.buccal,
                            uRange: -h...h, vRange: -h...h, pixelMm: pixelMm)
    }

    /// A point at `radius` px from the centre towards a sector angle (0° up = buccal, 90° right = mesial).
    static func polar(_ cx: Double, _ cy: Double, _ radius: Double, _ angleDeg: Double) -> (Double, Double) {
        let a = angleDeg * .pi / 180
        return (cx + radius * sin(a), cy - radius * cos(a))
    }

    public static func svg(volume: Volume<Int16>, implant: AnalyzedImplant, measurement m: ImplantMeasurement,
                           window: BoneWindow, scale: LossScale, idPrefix: String) throws(PNGEncodeError) -> String {
        let profile = ImplantProfile(frame: implant.frame)
        let depth = sliceDepth(m)
        let pl = plane(profile, depth: depth)
        let h = pl.widthMm / 2
        let outer = (h + ringGapMm + ringWidthMm) * pxPerMm
        let cx = margin + outer + 56, cy = top + outer + 28
        let width = cx + outer + 56 + legendWidth, height = max(cy + outer + 60, top + 260)
        var doc = SVGDocument(width: width, height: height, idPrefix: idPrefix)
        doc.rootAttributes = [("class", "figure axial"), ("data-px-per-mm", Markup.number(pxPerMm)),
                              ("data-depth-mm", Markup.number(depth))]

        doc.text("Axial slice \(Markup.mm(depth)) below the shoulder (crest), sectors by bone loss", x: margin, y: 22,
                 size: FigureStyle.titleSize, bold: true)
        let image = SectionSampler.sample(volume, on: pl)
        let uri = try EmbeddedPNG.dataURI(gray8: window.gray8(image), width: image.width, height: image.height)
        let clip = doc.id("disc")
        doc.addDefinition(SVGDocument.element("clipPath", [("id", clip)],
                                              content: SVGDocument.element("circle", [("cx", SVGDocument.n(cx)), ("cy", SVGDocument.n(cy)),
                                                                                      ("r", SVGDocument.n(h * pxPerMm))])))
        doc.image(dataURI: uri, x: cx - h * pxPerMm, y: cy - h * pxPerMm, width: 2 * h * pxPerMm, height: 2 * h * pxPerMm,
                  clipPath: clip, extra: [("class", "axial-image")])
        let r = profile.radius(atDepth: depth)
        doc.circle(cx: cx, cy: cy, r: r * pxPerMm, fill: "none", stroke: FigureStyle.implantOutline, width: 2,
                   extra: [("class", "implant-outline")])
        doc.circle(cx: cx, cy: cy, r: (r + m.quality.artifactMarginMm) * pxPerMm, fill: "none", stroke: FigureStyle.artifactMargin,
                   width: 1.5, dash: "4 3", extra: [("class", "artifact-margin")])

        // The sector ring.
        let unmeasured = Set(m.quality.unmeasuredSectorsDeg.map { Int(($0 * 100).rounded()) })
        let rIn = (h + ringGapMm) * pxPerMm, rOut = outer
        let half = 360 / Double(max(1, m.sectors.count)) / 2
        var ring: [String] = []
        for s in m.sectors {
            let loss = s.boneLevelMm - m.referenceMm
            let isUnmeasured = unmeasured.contains(Int((s.angleDeg * 100).rounded()))
            let outcome = scale.outcome(lossMm: loss, lengthMm: m.lengthMm)
            let fill = isUnmeasured ? LossScale.unmeasuredColor : LossScale.color(outcome)
            let a0 = s.angleDeg - half, a1 = s.angleDeg + half
            let p0 = polar(cx, cy, rOut, a0), p1 = polar(cx, cy, rOut, a1), p2 = polar(cx, cy, rIn, a1), p3 = polar(cx, cy, rIn, a0)
            let n = SVGDocument.n
            let d = "M\(n(p0.0)),\(n(p0.1)) A\(n(rOut)),\(n(rOut)) 0 0 1 \(n(p1.0)),\(n(p1.1)) L\(n(p2.0)),\(n(p2.1)) "
                + "A\(n(rIn)),\(n(rIn)) 0 0 0 \(n(p3.0)),\(n(p3.1)) Z"
            ring.append(SVGDocument.element("path", [("d", d), ("fill", fill), ("stroke", "#ffffff"), ("stroke-width", "0.5"),
                                                     ("class", "sector"), ("data-angle-deg", n(s.angleDeg)),
                                                     ("data-loss-mm", Markup.number(loss)),
                                                     ("data-outcome", isUnmeasured ? "unmeasured" : outcome.rawValue)],
                                            content: "<title>\(n(s.angleDeg))°: \(Markup.mm(loss)) loss</title>"))
        }
        doc.add(SVGDocument.element("g", [("id", doc.id("sectors")), ("class", "sectors")], content: ring.joined()))

        // Sites outside the ring.
        for (name, angle) in [("buccal", SectorGeometry.buccalDeg), ("mesial", SectorGeometry.mesialDeg),
                              ("lingual", SectorGeometry.lingualDeg), ("distal", SectorGeometry.distalDeg)] {
            let p = polar(cx, cy, rOut + 14, angle)
            let anchor: SVGDocument.Anchor = angle == 90 ? .start : angle == 270 ? .end : .middle
            doc.text(name, x: p.0, y: p.1 + (angle == 180 ? 10 : angle == 0 ? -2 : 4), anchor: anchor, bold: true,
                     extra: [("class", "site-label"), ("data-angle-deg", Markup.number(angle))])
        }

        let legendX = cx + outer + 70
        doc.scaleBar(x: legendX, y: top + 30, mm: 5, pxPerMm: pxPerMm)
        let outcomes: [Recommendation.Outcome] = [.success, .satisfactory, .compromised, .failure]
        doc.legend(x: legendX, y: top + 62,
                   entries: outcomes.map { LegendEntry(swatch: .box(fill: LossScale.color($0), opacity: 1), label: scale.label($0)) }
                       + [LegendEntry(swatch: .box(fill: LossScale.unmeasuredColor, opacity: 1), label: "not measured")],
                   title: "Bone loss (ICOI Pisa 2008)")
        doc.legend(x: legendX, y: top + 62 + 7 * FigureStyle.legendRow, entries: [
            LegendEntry(swatch: .line(stroke: FigureStyle.implantOutline, dash: nil), label: "implant outline"),
            LegendEntry(swatch: .line(stroke: FigureStyle.artifactMargin, dash: "4 3"),
                        label: "artifact margin \(Markup.number(m.quality.artifactMarginMm)) mm"),
        ])
        return doc.render(title: "Axial slice at the crest")
    }
}
