import Foundation
import Measurements
import Phantom
import Testing
import VolumeCore
@testable import ImplantAnalysis

/// The arch's tangent and bend from bone sampled around an implant, on hand-made planes where the
/// answer is known: a band between two circles about a centre, the implant at the origin on its mid-line.
@Suite struct BuccalDirectionEstimatorTests {
    /// One plane as the estimator samples it (0.5 mm grid over ±16 mm): bone where the band is, outside the
    /// implant's hole, and inside `field` (x and y bounds); the positions outside the field are `outside`.
    /// `alongArch` moves the arch that far (mm) along its tangent at the origin, as the axis of an implant
    /// tilted along the arch meets a deeper plane further along it; `depth` is the plane's.
    func plane(archRadius: Double, width: Double, centreAngleDeg: Double, hole: Double = 3.5,
               field: (x: ClosedRange<Double>, y: ClosedRange<Double>) = (-30...30, -30...30),
               straight: Bool = false, alongArch: Double = 0, depth: Double = 0) -> BuccalDirectionEstimator.Plane {
        // The centre lies `archRadius` from the origin towards `centreAngleDeg`: the lingual side.
        let a = centreAngleDeg * .pi / 180
        let centre = SIMD2(cos(a), sin(a)) * archRadius + SIMD2(-sin(a), cos(a)) * alongArch
        var bone: [SIMD2<Double>] = [], outside: [SIMD2<Double>] = []
        for j in -32...32 {
            for i in -32...32 {
                let p = SIMD2(Double(i), Double(j)) * 0.5
                guard field.x.contains(p.x) && field.y.contains(p.y) else { outside.append(p); continue }
                let d = p - centre
                // Straight: the band's distance from the line through the origin perpendicular to the centre.
                let across = straight ? -(p.x * cos(a) + p.y * sin(a)) : archRadius - (d * d).sum().squareRoot()
                if abs(across) <= width / 2 && (p * p).sum() > hole * hole { bone.append(p) }
            }
        }
        return BuccalDirectionEstimator.Plane(bone: bone, outside: outside, holeRadius: hole, depth: depth)
    }

    /// Angle (degrees, 0–90) between the fitted tangent and the true one (perpendicular to the centre's direction).
    func tangentError(_ fit: BuccalDirectionEstimator.ArchFit, centreAngleDeg: Double) -> Double {
        let a = (centreAngleDeg + 90) * .pi / 180
        return acos(min(1, abs(dot(fit.tangent, SIMD2(cos(a), sin(a)))))) * 180 / .pi
    }

    /// The bend's centre side, +normal when the bend is positive: the true centre's direction.
    func bendPointsToCentre(_ fit: BuccalDirectionEstimator.ArchFit, centreAngleDeg: Double) -> Bool {
        guard let bend = fit.bend else { return false }
        let a = centreAngleDeg * .pi / 180
        return dot(fit.normal, SIMD2(cos(a), sin(a))) * bend > 0
    }

    @Test func aWholeArchGivesItsTangentAndBendsToItsCentre() {
        for angle in [20.0, 100.0, 250.0] {
            let planes = (0..<3).map { _ in plane(archRadius: 25, width: 9, centreAngleDeg: angle) }
            let fit = BuccalDirectionEstimator.archFit(planes: planes)
            // The edges are read on a 0.5 mm grid, which leaves a fraction of a degree on an oblique band.
            #expect(tangentError(fit, centreAngleDeg: angle) < 1)
            #expect(bendPointsToCentre(fit, centreAngleDeg: angle))
        }
    }

    /// The field cuts the band 6 mm from the implant on one side and not on the other, as for an implant
    /// near the field's edge. The chord of the visible band is turned by about (16 − 6) / 2 / 25 rad ≈ 11°
    /// from the tangent at the implant; the fit's slope turns it back.
    @Test func anImplantNearTheFieldsEdgeKeepsItsOwnTangent() {
        // Centre straight lingual (−y), the band along x; the field ends at x = 6.
        let planes = (0..<3).map { _ in plane(archRadius: 25, width: 9, centreAngleDeg: 270, field: (-30...6, -30...30)) }
        let chord = BuccalDirectionEstimator.principalAxis(planes.flatMap(\.bone))
        #expect(acos(abs(chord.x)) * 180 / .pi > 5)
        let fit = BuccalDirectionEstimator.archFit(planes: planes)
        #expect(tangentError(fit, centreAngleDeg: 270) < 1)
        #expect(bendPointsToCentre(fit, centreAngleDeg: 270))
    }

    /// The field cuts the band's lingual edge all along (the band is wider than the field there); the
    /// buccal edge alone gives the tangent and the bend.
    @Test func oneEdgeCutAllAlongLeavesTheOther() {
        // Centre towards +y: lingual is +y; the field ends at y = 3, inside the band (half-width 5).
        let planes = (0..<3).map { _ in plane(archRadius: 25, width: 10, centreAngleDeg: 90, field: (-30...30, -30...3)) }
        let fit = BuccalDirectionEstimator.archFit(planes: planes)
        #expect(tangentError(fit, centreAngleDeg: 90) < 1)
        #expect(bendPointsToCentre(fit, centreAngleDeg: 90))
    }

    /// An implant tilted 10° along the arch: the plane at depth d meets the arch d · tan 10° further along it,
    /// where the tangent has turned by that over the radius. Planes 6–12 mm deep (mean 9 mm) saw the arch's
    /// tangent 9 · tan 10° / 25 rad = 3.6° from the shoulder's; the slope's trend with depth carries it back.
    @Test func aTiltAlongTheArchIsReadBackToTheShoulder() {
        let tilt = tan(10.0 * .pi / 180)
        let planes = stride(from: 6.0, through: 12.0, by: 1.0).map { d in
            plane(archRadius: 25, width: 9, centreAngleDeg: 270, alongArch: -d * tilt, depth: d)
        }
        let fit = BuccalDirectionEstimator.archFit(planes: planes)
        // As for the whole arch, the 0.5 mm grid leaves a fraction of a degree (0.6° here).
        #expect(tangentError(fit, centreAngleDeg: 270) < 1)
        // Where the mean depth's tangent lies: 3.6° from the shoulder's (the reading before the trend).
        let middle = atan(9 * tilt / 25) * 180 / .pi
        #expect(abs(middle - 3.6) < 0.05)
        #expect(bendPointsToCentre(fit, centreAngleDeg: 270))
    }

    /// The slope at the shoulder from hand-made edge fits: steady edges' slopes less the pooled trend times the
    /// depth; an edge that jumps between planes, bends both ways or stands apart from a steadier one is left out.
    @Test func theShoulderSlopeComesFromSteadyEdges() {
        typealias Fit = BuccalDirectionEstimator.EdgeFit
        func edge(_ side: Int, depths: [Double], slope: (Double) -> Double, bend: (Double) -> Double = { _ in 0.017 }) -> [Fit] {
            depths.map { d in
                Fit(parabola: .init(offset: 0, slope: slope(d), curvature: bend(d)), halfLength: 12, depth: d, side: side)
            }
        }
        let depths = stride(from: 6.0, through: 12.0, by: 1.0).map { $0 }
        let steady = edge(0, depths: depths) { 0.02 + 0.004 * $0 }
        // The other edge jumps from −0.14 to +0.08 and bends the other way in the shallow planes (seed 97 #0).
        let jumping = edge(1, depths: depths, slope: { $0 <= 9 ? -0.14 : 0.08 }, bend: { $0 <= 9 ? -0.01 : 0.03 })
        #expect(abs(BuccalDirectionEstimator.shoulderSlope(steady + jumping)! - 0.02) < 1e-12)
        // Steady but 0.1 apart and read in fewer planes: the edge read in more planes is kept.
        let apart = edge(1, depths: Array(depths.prefix(5))) { -0.08 + 0.004 * $0 }
        #expect(abs(BuccalDirectionEstimator.shoulderSlope(steady + apart)! - 0.02) < 1e-12)
        // Two steady edges 0.02 apart: both, each about its own mean, so the shoulder's slope is their mean.
        let agreeing = edge(1, depths: depths) { 0.04 + 0.004 * $0 }
        #expect(abs(BuccalDirectionEstimator.shoulderSlope(steady + agreeing)! - 0.03) < 1e-12)
        // Two planes are too few for a trend: no steady edge, no slope.
        #expect(BuccalDirectionEstimator.shoulderSlope(Array(steady.prefix(2))) == nil)
    }

    @Test func aStraightBandHasNoBend() {
        let planes = (0..<3).map { _ in plane(archRadius: 25, width: 9, centreAngleDeg: 60, straight: true) }
        let fit = BuccalDirectionEstimator.archFit(planes: planes)
        #expect(tangentError(fit, centreAngleDeg: 60) < 0.5)
        #expect(fit.bend == nil)
    }

    /// Specks of noise above the bone threshold in soft tissue do not move the band's edges.
    @Test func isolatedSpecksAreNotTheBandsEdge() {
        // Across one bin: the band from −4.5 to 4.5 mm on the 0.5 mm grid (two columns), a speck of two samples
        // at 8 mm and one at −7 mm: the edges are the band's.
        let band = stride(from: -4.5, through: 4.5, by: 0.5).flatMap { [$0, $0] }
        let edges = BuccalDirectionEstimator.bandEdges((band + [8, 8, -7]).sorted())
        #expect(edges?.lo == -4.5 && edges?.hi == 4.5)
        var planes = (0..<3).map { _ in plane(archRadius: 25, width: 9, centreAngleDeg: 270) }
        for k in planes.indices { planes[k].bone += [SIMD2(7, 8), SIMD2(-9.5, -10), SIMD2(12, 9.5), SIMD2(-6, 9)] }
        let fit = BuccalDirectionEstimator.archFit(planes: planes)
        #expect(tangentError(fit, centreAngleDeg: 270) < 0.5)
        #expect(bendPointsToCentre(fit, centreAngleDeg: 270))
    }

    @Test func theSideIsAwayFromTheBendAndWithoutOneFacesAnterior() {
        let normal = SIMD3<Double>(0, 1, 0), anterior = SIMD3<Double>(0, -1, 0)
        // Bend towards +normal: buccal is −normal, which faces anterior.
        #expect(BuccalDirectionEstimator.side(normal: normal, bend: 0.02, anterior: anterior) == (SIMD3(0, -1, 0), "high"))
        // Bend towards −normal: buccal faces straight back, which no tooth's does.
        #expect(BuccalDirectionEstimator.side(normal: normal, bend: -0.02, anterior: anterior) == (SIMD3(0, 1, 0), "low"))
        // No bend: the side facing anterior, low confidence.
        #expect(BuccalDirectionEstimator.side(normal: normal, bend: nil, anterior: anterior) == (SIMD3(0, -1, 0), "low"))
        #expect(BuccalDirectionEstimator.side(normal: -normal, bend: nil, anterior: anterior) == (SIMD3(0, -1, 0), "low"))
    }

    /// The head turned round (180° about z: the face towards +y in LPS, against DICOM's patient axes): the
    /// arch's bend still gives the buccal side, within 1° of the truth's, but one facing back is flagged low.
    @Test func aSideThatFacesBackIsKeptButFlagged() throws {
        var spec = PhantomPreset.healthy.spec
        spec.pose = PoseSpec(rotationDeg: [0, 0, 180])
        let phantom = try PhantomGenerator.generate(spec, seed: 3)
        let m = ImplantAnalyzer.analyze(grayVolume(phantom))
        let got = try #require(m.implants.first), want = try #require(phantom.truth.implants.first)
        let g = try #require(got.buccalDirection), w = try #require(want.buccalDirection)
        #expect(w[1] > 0.8)
        #expect(angleDeg(g, w) < 1)
        #expect(got.quality.buccalDirectionConfidence == "low")
        #expect(got.quality.flags.contains("buccalDirectionUncertain"))
    }

    /// Mesial is towards the midline on either side of the arch: an implant on the patient's right (−30°)
    /// and one near the midline on the left (5°), where the buccal side's lateral part is small.
    @Test func mesialIsTowardsTheMidlineOnEitherSide() throws {
        for angle in [-30.0, 5.0] {
            var spec = PhantomPreset.healthy.spec
            spec.implants[0].archAngleDeg = angle
            let phantom = try PhantomGenerator.generate(spec, seed: 3)
            let m = ImplantAnalyzer.analyze(grayVolume(phantom))
            let got = try #require(m.implants.first), want = try #require(phantom.truth.implants.first)
            let g = try #require(got.mesialDirection), w = try #require(want.mesialDirection)
            #expect(angleDeg(g, w) < 1)
        }
    }

    /// Both implants of the two-implant preset (as in SampleScans, seed 105), 18° apart on the arch: each gets
    /// its own buccal direction, within 1.5° of the truth's, with high confidence. The principal axis of the
    /// band across the field, which both shared before the edges were fitted, was 8.2° and 5.6° off.
    @Test func twoImplantsEachGetTheirOwnBuccalDirection() throws {
        let phantom = try PhantomGenerator.generate(PhantomPreset.twoImplantsCrown.spec, seed: 105)
        let m = ImplantAnalyzer.analyze(grayVolume(phantom))
        #expect(m.implants.count == 2)
        for want in phantom.truth.implants {
            let got = try #require(m.implants.min { shoulderDistance($0.shoulderMm, want.shoulderMm) < shoulderDistance($1.shoulderMm, want.shoulderMm) })
            let g = try #require(got.buccalDirection), w = try #require(want.buccalDirection)
            let angle = angleDeg(g, w)
            #expect(angle < 1.5)
            #expect(got.quality.buccalDirectionConfidence == "high")
        }
        // The summary shows each direction as it is in the JSON, to two decimals.
        let lines = MeasurementSummary.text(m).split(separator: "\n").filter { $0.contains("Buccal direction (0°)") }
        #expect(lines.count == 2)
        for (line, implant) in zip(lines, m.implants) {
            let shown = try #require(line.split(separator: "(").last?.split(separator: ")").first)
                .split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            #expect(shown.count == 3 && zip(shown, implant.buccalDirection ?? []).allSatisfy { abs($0 - $1) <= 0.005 })
            #expect(line.hasSuffix("LPS, confidence high"))
        }
    }
}
