import Foundation
import Testing
@testable import ImplantAnalysis

/// A plate of cortical bone (1500) between soft tissue (50) on both sides, blurred by a Gaussian, sampled every
/// 0.05 mm: its value at r is 50 + 1450 × (Φ((r − a) / σ) − Φ((r − b) / σ)) for a plate from a to b.
@Suite struct WallRayTests {
    func blurredPlate(from a: Double, thickness t: Double, fwhm: Double) -> WallRay {
        let sigma = fwhm / (8 * log(2)).squareRoot()
        func phi(_ x: Double) -> Double { 0.5 * (1 + erf(x / 2.0.squareRoot())) }
        let margin = 0.5, step = 0.05
        let profile: [Double?] = (0..<200).map { k in
            let r = margin + Double(k) * step
            return 50 + 1450 * (phi((r - a) / sigma) - phi((r - a - t) / sigma))
        }
        var levels = GrayLevels(histogram: [Int](repeating: 0, count: 65536), metalThreshold: 2500)
        levels.softTissue = 50; levels.boneThreshold = 300; levels.cortical = 1500; levels.metalThreshold = 2500
        return WallRay(profile: profile, wide: profile, margin: margin, step: step, levels: levels)
    }

    /// Below the blur's width, the half-maximum reads the blur (0.45–0.55 mm for 0.1–0.4 mm plates at 0.5 mm
    /// FWHM); the area reads the plate: the area above soft tissue is 1450 × t, divided by 1450.
    @Test func aPlateThinnerThanTheBlurIsReadFromItsArea() throws {
        for t in [0.1, 0.2, 0.3, 0.4, 0.6, 0.8] {
            let ray = blurredPlate(from: 2, thickness: t, fwhm: 0.5)
            let run = try #require(ray.run(fromSurface: false))
            #expect(abs(ray.plateThickness() - t) <= 0.02, "plate \(t) mm read \(ray.plateThickness())")
            if t <= 0.3 { #expect(ray.halfMaximumThickness(run) - t >= 0.15, "half maximum of \(t) mm") }
        }
    }

    /// A plate wider than `MeasurementQuality.thinWallMm` is read between the half-way points of its two edges: a
    /// blurred step's half-way point is the step. The inner edge's level is the median 0.2–0.6 mm beyond the first
    /// bone sample, which the blur's foot reaches at wider blurs: on this all-cortex plate the inner edge reads
    /// 0.002 mm inside at 0.3 mm FWHM and 0.046 mm at 0.5 mm (hand-checked: the first sample over 300 lies 0.95 σ
    /// inside the edge, the window's median 0.94 σ outside it, at 83 % of the contrast, and half of that is
    /// crossed 0.22 σ inside). From the first sample over the bone threshold (300, a fifth of the way up), as
    /// before, the plates read 0.12–0.22 mm thick.
    @Test func aThickPlateIsReadBetweenItsHalfWayEdges() throws {
        for (fwhm, bound) in [(0.3, 0.01), (0.5, 0.05)] {
            for t in [1.2, 1.5, 2.5] {
                let ray = blurredPlate(from: 2, thickness: t, fwhm: fwhm)
                let run = try #require(ray.run(fromSurface: false))
                let inner = ray.innerEdge(first: run.first, last: run.last)
                #expect(inner <= 2 + 1e-9 && inner >= 2 - bound, "inner edge of \(t) mm at \(fwhm) mm FWHM: \(inner)")
                #expect(abs(ray.halfMaximumThickness(run) - t) <= bound, "plate \(t) mm at \(fwhm) mm FWHM read \(ray.halfMaximumThickness(run))")
                #expect(abs(ray.plateThickness() - t) <= bound)
                #expect(ray.gap(run.first) - ray.step / 2 - 2 <= -0.1, "the first bone sample lies 0.1–0.2 mm inside the edge")
            }
        }
        #expect(blurredPlate(from: 2, thickness: 0, fwhm: 0.5).plateThickness() == 0)
    }

    /// A plate of low-density bone (200, below the bone threshold of 300 and above the soft-tissue cut of 175) from
    /// 2 to 3 mm, then cortex (1500) to 4 mm, across soft tissue (50), blurred at 0.5 mm FWHM: a wall beyond a moat
    /// in D4 bone. Its first bone sample is the cortex's foot, near 2.9 mm, and the plate read from there was its
    /// cortex, 1.12 mm; read from where the profile rises above soft tissue (`WallRay.lowDensityLeadMm`) it is
    /// 1.88 mm. Hand-checked (the same sums in a few lines of Python): the first sample above 175 is at 2.25 mm
    /// (182); the bone level, the median 0.2–0.6 mm beyond it, is 264, on the plateau and the cortex's foot; half-way
    /// from the soft tissue inside (51) is 157.5, crossed at 2.12 mm; the outer edge is at 4.0 mm.
    @Test func lowDensityBoneInsideAWallBelongsToIt() throws {
        let ray = lowDensityThenCortex(from: 2)
        let run = try #require(ray.run(fromSurface: false))
        #expect(abs(ray.gap(run.first) - 2.25) < 1e-9, "the run starts where the plateau rises above soft tissue")
        #expect(abs(ray.halfMaximumThickness(run) - 1.88) <= 0.01, "read \(ray.halfMaximumThickness(run)) mm for 2 mm")
        #expect(abs(ray.plateThickness() - 1.88) <= 0.01)
    }

    /// The same plate from 0.2 mm, inside the 0.5 mm margin: no soft tissue shows inside it, so the run starts at
    /// the first bone sample, the cortex's foot (0.9 mm, the first sample over 300: 302; hand-checked as above).
    /// From 0.5 mm, the margin itself: the lead rises above 175 at 0.75 mm, with soft tissue (174) at 0.7 mm,
    /// closer to the margin than `outsideOffsetMm`, where `innerEdge` has no soft tissue to read; the run starts at
    /// 1.2 mm (302). From 0.55 mm the lead starts at 0.8 mm and is taken in.
    @Test func aLeadWithoutSoftTissueInsideIsNotTakenIn() throws {
        for (plate, firstBone) in [(0.2, 0.9), (0.5, 1.2)] {
            let ray = lowDensityThenCortex(from: plate)
            let run = try #require(ray.run(fromSurface: false))
            #expect(abs(ray.gap(run.first) - firstBone) < 1e-9, "plate from \(plate) mm: run from \(ray.gap(run.first)) mm")
        }
        let taken = try #require(lowDensityThenCortex(from: 0.55).run(fromSurface: false))
        #expect(abs(lowDensityThenCortex(from: 0.55).gap(taken.first) - 0.8) < 1e-9)
    }

    /// Low-density bone (200) for 1 mm from `a`, then 1 mm of cortex (1500), in soft tissue (50), blurred at 0.5 mm FWHM.
    func lowDensityThenCortex(from a: Double) -> WallRay {
        let sigma = 0.5 / (8 * log(2)).squareRoot()
        func phi(_ x: Double) -> Double { 0.5 * (1 + erf(x / 2.0.squareRoot())) }
        let profile: [Double?] = (0..<200).map { k in
            let r = 0.5 + Double(k) * 0.05
            return 50 + 150 * (phi((r - a) / sigma) - phi((r - a - 1) / sigma))
                + 1450 * (phi((r - a - 1) / sigma) - phi((r - a - 2) / sigma))
        }
        var levels = GrayLevels(histogram: [Int](repeating: 0, count: 65536), metalThreshold: 2500)
        levels.softTissue = 50; levels.boneThreshold = 300; levels.cortical = 1500; levels.metalThreshold = 2500
        return WallRay(profile: profile, wide: profile, margin: 0.5, step: 0.05, levels: levels)
    }

    /// A level is passed at the same point walked either way, interpolated between the samples either side of it;
    /// a hole in the profile ends the walk without a crossing. Hand-computed on a ramp 0, 10, 20, 30, (hole), 40
    /// sampled every 0.05 mm from 0.5 mm: 15 lies half-way between the samples at 0.55 and 0.60 mm.
    @Test func aLevelIsCrossedAtTheSamePointEitherWayAndNotAcrossAHole() {
        var levels = GrayLevels(histogram: [Int](repeating: 0, count: 65536), metalThreshold: 2500)
        levels.boneThreshold = 300
        let ray = WallRay(profile: [0, 10, 20, 30, nil, 40], wide: [], margin: 0.5, step: 0.05, levels: levels)
        let outwards = ray.crossing(of: 15, from: 0, direction: 1), inwards = ray.crossing(of: 15, from: 3, direction: -1)
        #expect(outwards.last == 1 && inwards.last == 2)
        #expect(abs(outwards.at! - 0.575) < 1e-12 && abs(inwards.at! - 0.575) < 1e-12)
        let blocked = ray.crossing(of: 35, from: 0, direction: 1)
        #expect(blocked.last == 3 && blocked.at == nil)
    }
}
