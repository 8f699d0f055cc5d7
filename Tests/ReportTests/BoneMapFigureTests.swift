import Foundation
import ImplantAnalysis
import Measurements
import Testing
@testable import Report

@Suite struct BoneMapFigureTests {
    let f = DefectFixture.shared

    /// Depth (mm) of the bone-level line at an angle, read back from the SVG's coordinates through its
    /// own scale bar and plot frame.
    func lineDepth(_ svg: String, angleDeg: Double) -> Double? {
        let plot = SVGReader.elements("rect", class: "plot-area", in: svg)[0]
        let x0 = SVGReader.number(plot, "x"), top = SVGReader.number(plot, "y"), w = SVGReader.number(plot, "width")
        let pxPerMm = SVGReader.pxPerMm(svg)
        let x = x0 + (angleDeg + 180) / 360 * w
        let line = SVGReader.points(SVGReader.elements("polyline", class: "bone-level-line", in: svg)[0])
        // The horizontal step that covers x (not at a step's edge).
        for (a, b) in zip(line, line.dropFirst()) where a.y == b.y && min(a.x, b.x) < x && x < max(a.x, b.x) {
            return (a.y - top) / pxPerMm
        }
        return nil
    }

    @Test func boneLevelLineSitsAtTheDefectDepth() throws {
        let svg = try BoneMapFigure.svg(implant: f.implant, measurement: f.measurement, idPrefix: "t-")
        let buccal = try #require(lineDepth(svg, angleDeg: 0))
        let lingual = try #require(lineDepth(svg, angleDeg: 180 - 1))
        // The phantom's truth: 4 mm at the buccal sector, bone at the shoulder lingually.
        #expect(abs(f.truthLevel(0) - DefectFixture.defectDepthMm) <= 0.1)
        #expect(abs(buccal - f.truthLevel(0)) <= 0.3, "buccal line at \(buccal) mm, truth \(f.truthLevel(0)) mm")
        #expect(abs(lingual - f.truthLevel(180)) <= 0.3, "lingual line at \(lingual) mm, truth \(f.truthLevel(180)) mm")
        // Every sector's step sits at its measured level (to the SVG's 0.01 px coordinates).
        for s in f.measurement.sectors {
            let shown = try #require(lineDepth(svg, angleDeg: BoneMapFigure.mapAngle(s.angleDeg) + 1))
            #expect(abs(shown - s.boneLevelMm) <= 0.01, "sector \(s.angleDeg)°: line \(shown) mm, measured \(s.boneLevelMm) mm")
        }
    }

    @Test func embeddedImageShowsBoneAbsentInTheDefectAndPresentLingually() throws {
        let svg = try BoneMapFigure.svg(implant: f.implant, measurement: f.measurement, idPrefix: "t-")
        let imageElement = SVGReader.elements("image", class: "bone-map-image", in: svg)[0]
        let png = try SVGReader.png(imageElement)
        let map = f.implant.boneMap
        #expect(png.width == 180 && png.height == Int((f.measurement.lengthMm / 0.1).rounded(.up)))
        #expect(png.width == map.columns && png.height == map.rows)
        // The image spans the plot at the figure's scale: its height is the implant's length in mm.
        let pxPerMm = SVGReader.pxPerMm(svg)
        #expect(abs(SVGReader.number(imageElement, "height") / pxPerMm - Double(map.rows) * map.depthStepMm) <= 0.01)
        func pixel(angle: Double, depth: Double) -> UInt16 {
            let c = Int((angle + 180) / map.angleStepDeg), r = Int(depth / map.depthStepMm)
            return png.pixels[r * png.width + c]
        }
        for depth in [1.0, 2.0, 3.0] {
            #expect(pixel(angle: 1, depth: depth) == UInt16(BoneMapFigure.absentGray), "buccal at \(depth) mm")
            #expect(pixel(angle: -179, depth: depth) == UInt16(BoneMapFigure.presentGray), "lingual at \(depth) mm")
        }
        #expect(pixel(angle: 1, depth: 6) == UInt16(BoneMapFigure.presentGray), "buccal below the defect")
    }

    @Test func fourSitesAreLabelledAtTheirAngles() throws {
        let svg = try BoneMapFigure.svg(implant: f.implant, measurement: f.measurement, idPrefix: "t-")
        let labels = SVGReader.elements("text", class: "site-label", in: svg).map { SVGReader.number($0, "data-angle-deg") }
        #expect(labels == [-180, -90, 0, 90, 180])
        #expect(svg.contains(">buccal</text>") && svg.contains(">mesial</text>") && svg.contains(">distal</text>")
                && svg.contains(">lingual</text>"))
        #expect(SVGReader.pxPerMm(svg) == BoneMapFigure.pxPerMm)
    }

    @Test func levelStepsWrapAtLingual() {
        // Four sectors 90° apart: lingual (180°) covers both edges of the map.
        let sectors = [0.0, 90, 180, 270].map { SectorBoneLevel(angleDeg: $0, boneLevelMm: $0 / 90) }
        var m = DefectFixture.shared.measurement
        m.sectors = sectors
        let steps = BoneMapFigure.levelSteps(m)
        #expect(steps.first! == (-180, 2) && steps.last! == (180, 2))
        #expect(steps.contains { $0 == (-45, 3) } && steps.contains { $0 == (45, 0) })
    }
}
