import Decision
import Foundation
import ImplantAnalysis
import Measurements
import Testing
@testable import Report

@Suite struct AxialFigureTests {
    let f = DefectFixture.shared

    @Test func sectorColoursFollowTheBoneLoss() throws {
        let scale = LossScale(rules: .standard)
        let svg = try AxialFigure.svg(volume: f.volume, implant: f.implant, measurement: f.measurement, window: f.window,
                                      scale: scale, idPrefix: "t-")
        let sectors = SVGReader.elements("path", class: "sector", in: svg)
        #expect(sectors.count == 72)
        for (s, element) in zip(f.measurement.sectors, sectors) {
            #expect(SVGReader.number(element, "data-angle-deg") == s.angleDeg)
            let loss = s.boneLevelMm - f.measurement.referenceMm
            // Written with two decimals: off by at most half of 0.01 mm, plus the binary rounding of a value
            // on the half (one sector of the defect fixture read 0.0050000000000000044 away).
            #expect(abs(SVGReader.number(element, "data-loss-mm") - loss) <= 0.005 + 1e-12)
            #expect(element["fill"] == LossScale.color(scale.outcome(lossMm: loss, lengthMm: f.measurement.lengthMm)))
        }
        // The 4 mm buccal defect is satisfactory (2–4 mm) or, measured a little deeper, compromised; the
        // lingual bone at the shoulder is success.
        let buccal = sectors[0]["fill"], lingual = sectors[36]["fill"]
        #expect([LossScale.color(.satisfactory), LossScale.color(.compromised)].contains(buccal))
        #expect(lingual == LossScale.color(.success))
        // Sector 0° is drawn above the centre, under the "buccal" label; 90° to the right (mesial).
        let labels = SVGReader.elements("text", class: "site-label", in: svg)
        let buccalLabel = labels.first { $0["data-angle-deg"] == "0" }!, mesialLabel = labels.first { $0["data-angle-deg"] == "90" }!
        func firstPoint(_ d: String) -> (Double, Double) {
            let p = d.dropFirst().split(separator: " ")[0].split(separator: ",").map { Double($0)! }
            return (p[0], p[1])
        }
        let p0 = firstPoint(sectors[0]["d"]!), p90 = firstPoint(sectors[18]["d"]!)
        #expect(p0.1 < SVGReader.number(mesialLabel, "y") && abs(p0.0 - SVGReader.number(buccalLabel, "x")) < 20)
        #expect(p90.0 > SVGReader.number(buccalLabel, "x") + 100)
        // The legend shows every class with its colour.
        for o in [Recommendation.Outcome.success, .satisfactory, .compromised, .failure] {
            #expect(svg.contains(Markup.escape(scale.label(o))) && svg.contains("fill=\"\(LossScale.color(o))\""))
        }
    }

    @Test func sliceIsJustBelowTheCrestAndEmbedsItsImage() throws {
        let svg = try AxialFigure.svg(volume: f.volume, implant: f.implant, measurement: f.measurement, window: f.window,
                                      scale: LossScale(rules: .standard), idPrefix: "t-")
        let levels = f.measurement.sectors.map(\.boneLevelMm).sorted()
        #expect(abs(AxialFigure.sliceDepth(f.measurement) - (levels[36] + 0.5)) < 1e-9)
        let element = SVGReader.elements("image", class: "axial-image", in: svg)[0]
        let png = try SVGReader.png(element)
        let profile = ImplantProfile(frame: f.implant.frame)
        let side = Int((2 * (profile.maxRadius + 5.5) / AxialFigure.pixelMm).rounded())
        #expect(png.width == side && png.height == side)
        // Metal in the middle; bone lingually (down) beyond the margin; the buccal defect (up) is dark.
        let c = side / 2
        let r = Int(((profile.maxRadius + 1.5) / AxialFigure.pixelMm).rounded())
        #expect(png.pixels[c * side + c] == 255)
        #expect(Int(png.pixels[(c + r) * side + c]) > Int(png.pixels[(c - r) * side + c]) + 50)
        #expect(element["clip-path"] == "url(#t-disc)")
    }

    @Test func lossClassesUseTheRuleSetThresholds() throws {
        let scale = LossScale(rules: .standard)
        #expect(scale.outcome(lossMm: 1.9, lengthMm: 10) == .success)
        #expect(scale.outcome(lossMm: 2, lengthMm: 10) == .satisfactory)
        #expect(scale.outcome(lossMm: 4, lengthMm: 10) == .satisfactory)
        #expect(scale.outcome(lossMm: 4.5, lengthMm: 10) == .compromised)
        #expect(scale.outcome(lossMm: 5.5, lengthMm: 10) == .failure)
        let stricter = try RuleSet.standard.overriding(RuleOverrides(thresholds: [RuleID.outcome: ["compromisedAboveMm": 3]]))
        #expect(LossScale(rules: stricter).outcome(lossMm: 3.5, lengthMm: 10) == .compromised)
    }
}
