import Foundation
import ImplantAnalysis
import Measurements
import Testing
@testable import Report

@Suite struct SectionsFigureTests {
    let f = DefectFixture.shared

    func svg() throws -> String {
        try SectionsFigure.svg(volume: f.volume, implant: f.implant, measurement: f.measurement, window: f.window, idPrefix: "t-")
    }

    @Test func firstContactsAreMarkedAtTheMeasuredDepths() throws {
        let svg = try svg()
        let pxPerMm = SVGReader.pxPerMm(svg)
        #expect(pxPerMm == SectionsFigure.pxPerMm)
        let shoulder = SVGReader.elements("line", class: "shoulder-line", in: svg)
        #expect(shoulder.count == 2)
        let shoulderY = SVGReader.number(shoulder[0], "y1")
        let marks = SVGReader.elements("circle", class: "fbic", in: svg)
        #expect(marks.map { $0["data-site"]! } == ["lingual", "buccal", "distal", "mesial"])
        func depth(_ site: String) -> Double {
            (SVGReader.number(marks.first { $0["data-site"] == site }!, "cy") - shoulderY) / pxPerMm
        }
        // 4 mm buccal dehiscence, bone at the shoulder elsewhere (the phantom's truth) …
        #expect(abs(depth("buccal") - f.truthLevel(0)) <= 0.3, "buccal mark at \(depth("buccal")) mm")
        for (site, angle) in [("lingual", 180.0), ("distal", 270), ("mesial", 90)] {
            #expect(abs(depth(site) - f.truthLevel(angle)) <= 0.3, "\(site) mark at \(depth(site)) mm")
        }
        // … and exactly the measured sector levels, labelled in mm.
        for (site, angle) in [("buccal", 0.0), ("lingual", 180), ("distal", 270), ("mesial", 90)] {
            #expect(abs(depth(site) - f.sectorLevel(angle)) <= 0.01)
        }
        #expect(svg.contains("data-site=\"buccal\">\(String(format: "%.1f", f.sectorLevel(0))) mm</text>"))
        // The buccal mark is on the right of the bucco-lingual panel, the lingual one on its left.
        let images = SVGReader.elements("image", class: "section-image", in: svg)
        let x0 = SVGReader.number(images[0], "x"), w = SVGReader.number(images[0], "width")
        let bx = SVGReader.number(marks[1], "cx"), lx = SVGReader.number(marks[0], "cx")
        #expect(lx < x0 + w / 2 && bx > x0 + w / 2)
    }

    @Test func embeddedSectionsHaveTheirSizeInMillimetresAndShowMetalAndBone() throws {
        let svg = try svg()
        let pxPerMm = SVGReader.pxPerMm(svg)
        let images = SVGReader.elements("image", class: "section-image", in: svg)
        #expect(images.count == 2)
        let profile = ImplantProfile(frame: f.implant.frame)
        let widthMm = 2 * (profile.maxRadius + 7), heightMm = f.measurement.lengthMm + 6
        for element in images {
            let png = try SVGReader.png(element)
            #expect(png.width == Int((widthMm / SectionsFigure.pixelMm).rounded()))
            #expect(png.height == Int((heightMm / SectionsFigure.pixelMm).rounded()))
            // Drawn at the figure's scale: one PNG pixel is 0.1 mm.
            #expect(abs(SVGReader.number(element, "width") / pxPerMm - Double(png.width) * SectionsFigure.pixelMm) <= 0.01)
            #expect(abs(SVGReader.number(element, "height") / pxPerMm - Double(png.height) * SectionsFigure.pixelMm) <= 0.01)
            func value(u: Double, depth: Double) -> UInt16 {
                let c = Int(((u + widthMm / 2) / SectionsFigure.pixelMm).rounded(.down))
                let r = Int(((depth + 3) / SectionsFigure.pixelMm).rounded(.down))
                return png.pixels[r * png.width + c]
            }
            // Metal on the axis is white in the bone window; bone 3 mm beside the surface mid-implant is
            // brighter than the soft tissue / air 2 mm above the shoulder.
            #expect(value(u: 0, depth: 5) == 255)
            let bone = value(u: -(profile.radius(atDepth: 7) + 3), depth: 7), above = value(u: -(profile.maxRadius + 3), depth: -2)
            #expect(Int(bone) > Int(above) + 50, "bone \(bone), above the shoulder \(above)")
        }
    }

    @Test func overlaysAreAllThere() throws {
        let svg = try svg()
        #expect(SVGReader.elements("polygon", class: "implant-outline", in: svg).count == 2)
        #expect(SVGReader.elements("polyline", class: "artifact-margin", in: svg).count == 4)
        #expect(SVGReader.elements("polygon", class: "density-shell", in: svg).count == 8)
        #expect(svg.contains("density shell 1–2 mm") && svg.contains("density shell 2–3 mm"))
        #expect(svg.contains("font-family=\"sans-serif\""))
        #expect(!svg.contains("<script"))
    }
}
