import Foundation
import Measurements
import Phantom
import Testing
import VolumeCore
@testable import ImplantAnalysis

/// The gray volume the loader would make of a generated phantom.
func grayVolume(_ phantom: GeneratedPhantom) -> Volume<Int16> {
    var v = Volume<Int16>(size: phantom.stored.size, geometry: phantom.stored.geometry, repeating: 0)
    let intercept = Int(phantom.truth.scan.rescaleIntercept)
    phantom.stored.withUnsafeBufferPointer { stored in
        v.withUnsafeMutableBufferPointer { out in for i in out.indices { out[i] = Int16(Int(stored[i]) + intercept) } }
    }
    return v
}

/// A metal cylinder along z of `radius` mm about the centre line of an `n` × `n` × `slices` volume of `spacing` mm
/// voxels, its edge blurred with σ `sigma` mm (an erf step): `metal` inside, `outside(dx, dy, r)` beyond it (the
/// offset from the centre line and its length), clipped at `clip`.
func blurredCylinder(n: Int, slices: Int, spacing: Double, radius: Double, sigma: Double, metal: Double,
                     clip: Double = .infinity, outside: (Double, Double, Double) -> Double) -> Volume<Int16> {
    let centre = Double(n - 1) * spacing / 2
    var volume = Volume<Int16>(size: [n, n, slices], geometry: VolumeGeometry(spacing: [spacing, spacing, spacing]), repeating: 0)
    volume.withUnsafeMutableBufferPointer { voxels in
        for z in 0..<slices {
            for y in 0..<n {
                for x in 0..<n {
                    let dx = Double(x) * spacing - centre, dy = Double(y) * spacing - centre
                    let r = (dx * dx + dy * dy).squareRoot()
                    let out = outside(dx, dy, r)
                    let value = out + (metal - out) * 0.5 * erfc((r - radius) / sigma / 2.0.squareRoot())
                    voxels[(z * n + y) * n + x] = Int16(min(clip, value).rounded())
                }
            }
        }
    }
    return volume
}

/// Random phantom `seed` analysed: every implant found, and the truth's implants.
func analyzed(randomPhantom seed: UInt64) throws -> (found: [ImplantMeasurement], truths: [ImplantMeasurement]) {
    let phantom = try PhantomGenerator.generate(PhantomRandomizer.spec(seed: seed), seed: seed)
    return (ImplantAnalyzer.analyze(grayVolume(phantom)).implants, phantom.truth.implants)
}

/// Random phantom `seed` analysed: the first implant found, and the truth's first implant.
func firstImplant(ofRandomPhantom seed: UInt64) throws -> (measured: ImplantMeasurement, truth: ImplantMeasurement) {
    let (found, truths) = try analyzed(randomPhantom: seed)
    return (try #require(found.first), try #require(truths.first))
}

/// Distance between two LPS points given as arrays (mm).
func shoulderDistance(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
}

/// Angle between two unit vectors given as arrays (degrees).
func angleDeg(_ a: [Double], _ b: [Double]) -> Double {
    acos(min(1, zip(a, b).map(*).reduce(0, +))) * 180 / .pi
}

@Suite struct ImplantAnalyzerTests {
    /// The implants are read side by side (`concurrentMap`): each result lands at its own element's place, for a range
    /// that does not start at 0 and work of uneven length (the first element's the longest).
    @Test func concurrentMapKeepsTheElementsOrder() {
        let squares = ImplantAnalyzer.concurrentMap(3..<9) { k -> Int in
            if k == 3 { Thread.sleep(forTimeInterval: 0.05) }
            return k * k
        }
        #expect(squares == [9, 16, 25, 36, 49, 64])
        #expect(ImplantAnalyzer.concurrentMap(0..<0) { $0 }.isEmpty)
    }

    func analyze(_ preset: PhantomPreset, seed: UInt64) throws -> (ScanMeasurements, PhantomTruth) {
        let phantom = try PhantomGenerator.generate(preset.spec, seed: seed)
        return (ImplantAnalyzer.analyze(grayVolume(phantom)), phantom.truth)
    }

    @Test func healthyImplantIsFoundAndMeasured() throws {
        let (m, truth) = try analyze(.healthy, seed: 11)
        #expect(m.implants.count == 1)
        let got = m.implants[0], want = truth.implants[0]
        #expect(abs(got.lengthMm - want.lengthMm) <= 0.2)
        #expect(abs(got.diameterMm - want.diameterMm) <= 0.3)
        let axisAngle = angleDeg(got.axis, want.axis)
        #expect(axisAngle <= 1)
        #expect(shoulderDistance(got.shoulderMm, want.shoulderMm) <= 0.3)
        for (a, b) in [(got.boneLevelMm.mesial, want.boneLevelMm.mesial), (got.boneLevelMm.buccal, want.boneLevelMm.buccal),
                       (got.boneLevelMm.lingual, want.boneLevelMm.lingual), (got.boneLevelMm.distal, want.boneLevelMm.distal)] {
            #expect(abs(a - b) <= 0.25)
        }
        #expect(got.defect.schwarzClass == "none")
        #expect(got.material == "titanium")
    }

    /// The two worst diameters of the accuracy run before the neck edge read its own levels: 0.4 mm voxels
    /// with 0.55 mm blur, where the shoulder's blur lowers the neck's metal (was −0.315 mm), and the healthy
    /// preset with bloomed crestal bone against the neck (was +0.231 mm). Target: within 0.2 mm of the truth.
    @Test func neckDiameterIsWithinTargetWhereBlurOrBloomingBiasedIt() throws {
        let blurred = try PhantomGenerator.generate(PhantomRandomizer.spec(seed: 39), seed: 39)
        let bloomed = try PhantomGenerator.generate(PhantomPreset.healthy.spec, seed: 101)
        for phantom in [blurred, bloomed] {
            let m = ImplantAnalyzer.analyze(grayVolume(phantom))
            let got = try #require(m.implants.first), want = phantom.truth.implants[0]
            #expect(abs(got.diameterMm - want.diameterMm) <= 0.2)
        }
    }

    /// Seed 130: titanium at 2150 gray whose neck stands in crestal cortex bloomed to 1950; the neck's edge was read
    /// in the bone, 0.24 mm out (diameter 4.23 mm, truth 3.75). The neck is kept within the body's thread envelope.
    @Test func aNeckInBloomedCortexIsNotWiderThanTheBodysThreadEnvelope() throws {
        let (got, want) = try firstImplant(ofRandomPhantom: 130)
        #expect(abs(got.diameterMm - want.diameterMm) <= 0.2, "diameter \(got.diameterMm) mm, truth \(want.diameterMm) mm")
    }

    /// A neck edge at 1.65 mm blurred with σ = 0.27 mm (0.4 mm voxels, 0.55 mm blur): metal 2800, soft tissue 50,
    /// g(r) = 50 + 2750 (1 − Φ((r − 1.65) / σ)). Read 0.4 mm beyond the edge, the outside still holds the metal's
    /// tail and the half-way point lies 0.03 mm inside the edge; read 2σ beyond, within 0.02 mm. The quartiles give σ.
    @Test func aBlurredNeckEdgeIsReadBeyondItsOwnBlur() throws {
        let sigma = 0.27
        func phi(_ x: Double) -> Double { 0.5 * (1 + erf(x / 2.0.squareRoot())) }
        let g = { (r: Double) in 50 + 2750 * (1 - phi((r - 1.65) / sigma)) }
        var levels = GrayLevels(histogram: [Int](repeating: 0, count: 65536), metalThreshold: 2000)
        levels.softTissue = 50
        let near = try #require(ImplantFrameEstimator.neckEdge(metal: 2800, levels: levels, outsideMm: 0.4, g))
        #expect(near.radius < 1.63, "edge \(near.radius)")
        let estimated = try #require(near.sigma)
        #expect(abs(estimated - sigma) <= 0.05, "σ \(estimated)")
        let far = try #require(ImplantFrameEstimator.neckEdge(metal: 2800, levels: levels, outsideMm: 2 * estimated, g))
        #expect(abs(far.radius - 1.65) <= 0.02, "edge \(far.radius)")
    }

    /// The same edge as the scan holds it at 0.4 mm voxels: sampled every 0.4 mm and read by linear interpolation,
    /// which reads the edge's convex foot high. Hand calculation: 2σ out the tail holds Q(2) = 2.28 % of the contrast,
    /// and the interpolation adds w²·f″/12 = 0.16 · 2 φ(2) / (12 · 0.27²) = 1.97 %, so 4.25 % in all. Averaged over
    /// eight positions of the edge between two samples (the angles of a neck do that), the edge read with the outside
    /// as sampled lies 0.020 mm inside; with the Gaussian tail alone taken out, 0.010 mm; with both, within 0.001 mm.
    @Test func theInterpolatedTailOfABlurredNeckEdgeIsTakenOutOfItsOutside() throws {
        let sigma = 0.27, voxel = 0.4, distance = 2 * sigma
        let share = MetalEdgeTail.interpolatedFraction(atDistance: distance, sigma: sigma, steps: [voxel, 0, 0])
        #expect(abs(share - 0.0425) < 0.0005, "share \(share)")
        // The same ray at 45° between two axes steps 0.4 / √2 across each: the same w² in all.
        let diagonal = MetalEdgeTail.interpolatedFraction(atDistance: distance, sigma: sigma,
                                                          steps: [voxel / 2.0.squareRoot(), voxel / 2.0.squareRoot(), 0])
        #expect(abs(diagonal - share) < 1e-12)
        var levels = GrayLevels(histogram: [Int](repeating: 0, count: 65536), metalThreshold: 2000)
        levels.softTissue = 50
        func phi(_ x: Double) -> Double { 0.5 * (1 + erf(x / 2.0.squareRoot())) }
        func meanError(tail: Double) throws -> Double {
            var sum = 0.0
            for k in 0..<8 {
                let phase = Double(k) * voxel / 8
                let sample = { (i: Double) in 50 + 2750 * (1 - phi((phase + i * voxel - 1.65) / sigma)) }
                let g = { (r: Double) -> Double in
                    let u = (r - phase) / voxel, i = u.rounded(.down)
                    return sample(i) + (u - i) * (sample(i + 1) - sample(i))
                }
                let edge = try #require(ImplantFrameEstimator.neckEdge(metal: 2800, levels: levels, outsideMm: distance,
                                                                       tail: tail, g))
                sum += edge.radius - 1.65
            }
            return sum / 8
        }
        let asRead = try meanError(tail: 0), gaussian = try meanError(tail: 0.5 * erfc(2 / 2.0.squareRoot()))
        let both = try meanError(tail: share)
        #expect(asRead < -0.015, "as read \(asRead)")
        #expect(gaussian < -0.007, "Gaussian tail alone \(gaussian)")
        #expect(abs(both) <= 0.002, "tail and interpolation \(both)")
    }

    /// Phantom seed 144: a titanium implant whose shoulder stands 1.8 mm above the crest under 3 mm of soft
    /// tissue, at 0.4 mm voxels. 2.5 mm above the shoulder is air; half-way between the metal and air put the
    /// shoulder 0.18 mm too far out and the length 0.25 mm too long (the 121–200 run's length failure). Read
    /// against soft tissue: shoulder 0.07, length 0.13 mm off. Target: shoulder within 0.1, length within 0.2 mm.
    @Test func aShoulderUnderThinGingivaIsReadAgainstTheGingivaNotTheAirBeyond() throws {
        let phantom = try PhantomGenerator.generate(PhantomRandomizer.spec(seed: 144), seed: 144)
        let m = ImplantAnalyzer.analyze(grayVolume(phantom))
        let got = try #require(m.implants.first), want = phantom.truth.implants[0]
        #expect(shoulderDistance(got.shoulderMm, want.shoulderMm) <= 0.1)
        #expect(abs(got.lengthMm - want.lengthMm) <= 0.2)
    }

    /// A zirconia neck (3800) of radius 2 mm, blurred with σ = 0.25 mm and clipped at 2995: soft tissue (50) in
    /// about 9 of the 24 directions, bone bloomed to 2550 at the surface (1500 × (1 + 0.7 e^(−x / 0.8 mm))) in
    /// the others, like phantom seed 29. Half-way between the clip and the outside 0.4 mm out (about 256 beside
    /// soft tissue, with the metal's tail), 1 − Φ(x / σ) = (1625 − 256) / (3800 − 256) puts the soft-tissue
    /// edges 0.29 σ = 0.07 mm out; beside the bloomed bone the level is about 2700 and the edges lie 0.9 σ =
    /// 0.22 mm out. Read from the darker half the radius is within 0.1 mm (2.06); read from every edge, as for
    /// metal that is not clipped, 0.15 mm or more too big (2.26).
    @Test func aClippedNeckIsReadWhereItsOutsideIsDark() throws {
        let radius = 2.0, sigma = 0.25, spacing = 0.1, n = 64
        let centre = Double(n - 1) * spacing / 2
        let volume = blurredCylinder(n: n, slices: 30, spacing: spacing, radius: radius, sigma: sigma, metal: 3800, clip: 2995) { _, dy, r in
            dy >= -0.7 ? 1500 * (1 + 0.7 * exp(-max(0, r - radius) / 0.8)) : 50
        }
        let frame = ImplantFrame(shoulder: [centre, centre, 2.5], axis: [0, 0, 1], length: 2, radii: [radius],
                                 radiusStep: 0.1, buccal: [1, 0, 0], mesial: [0, 1, 0], buccalConfidence: "high",
                                 interiorGray: 2995)
        var levels = GrayLevels(histogram: [Int](repeating: 0, count: 65536), metalThreshold: 2000)
        levels.softTissue = 50
        levels.highest = 2995
        let clipped = try #require(ImplantFrameEstimator.neckReading(volume: volume, frame: frame, levels: levels)?.radius)
        #expect(clipped > radius && clipped - radius <= 0.1, "radius \(clipped)")
        levels.highest = 4095  // the same edges read as if the metal were not clipped
        let every = try #require(ImplantFrameEstimator.neckReading(volume: volume, frame: frame, levels: levels)?.radius)
        #expect(every - radius >= 0.15, "radius \(every)")
    }

    /// D4 bone: the healthy and the Ie presets with cancellous bone at 300 HU, whose marrow spaces read
    /// darker still. Against the scan's bone threshold (40 % of the way to the median of all its bone,
    /// cortical plates included) the band slid down through the marrow; against the bone read beside the
    /// apical third it stays at the contact.
    @Test(arguments: [PhantomPreset.healthy, .intrabonyIe])
    func levelsInLowDensityBoneAreReadAgainstTheBoneAroundTheImplant(preset: PhantomPreset) throws {
        var spec = preset.spec
        spec.anatomy.cancellousHU = 300
        let phantom = try PhantomGenerator.generate(spec, seed: 7)
        let volume = grayVolume(phantom)
        let analysis = ImplantAnalyzer.analyzeInDetail(volume)
        let got = try #require(analysis.measurements.implants.first), want = phantom.truth.implants[0]
        let probe = BoneProbe(volume: volume, frame: try #require(analysis.implants.first).frame, levels: analysis.levels)
        #expect(probe.contactThreshold(margin: AnalysisOptions().artifactMarginMm) < analysis.levels.boneThreshold)
        for (a, b) in [(got.boneLevelMm.mesial, want.boneLevelMm.mesial), (got.boneLevelMm.buccal, want.boneLevelMm.buccal),
                       (got.boneLevelMm.lingual, want.boneLevelMm.lingual), (got.boneLevelMm.distal, want.boneLevelMm.distal)] {
            #expect(abs(a - b) <= 0.25, "\(preset): \(a) mm measured, \(b) mm true")
        }
    }

    /// Seed 97: strong blooming (1.47 × Benic's) makes cortical bone against the titanium as bright as
    /// the metal on one side of both implants. One refit along the body's centres left both axes 2.0–2.1°
    /// off; refitting until the axis settles brings them within the 1° target.
    @Test func axesSettleBesideBloomedBoneAsBrightAsTheMetal() throws {
        let seed: UInt64 = 97
        let (found, truths) = try analyzed(randomPhantom: seed)
        #expect(found.count == 2)
        for truth in truths {
            let got = try #require(found.min { shoulderDistance($0.shoulderMm, truth.shoulderMm) < shoulderDistance($1.shoulderMm, truth.shoulderMm) })
            let degrees = angleDeg(got.axis, truth.axis)
            #expect(degrees <= 1, "axis \(degrees)° off")
        }
    }

    /// Seed 297: titanium clipped at the top of the 12-bit range beside a 1.3 mm buccal plate bloomed 1.37 × Benic's.
    /// From 4 mm down a quarter of the body's edges run 0.3–0.8 mm out into the plate; centres taken from all edges
    /// leaned towards it and the axis settled 3.3° off. Centres from the circle most edges agree on
    /// (`CircleFit`) keep it within the 1° target, and the diameter within 0.2 mm (it read 4.19 mm for 4.1).
    @Test func axisStaysBesideAnArcOfBloomedPlate() throws {
        let seed: UInt64 = 297
        let (found, truths) = try analyzed(randomPhantom: seed)
        let got = try #require(found.first), want = truths[0]
        #expect(found.count == 1)
        let degrees = angleDeg(got.axis, want.axis)
        #expect(degrees <= 1, "axis \(degrees)° off")
        #expect(abs(got.diameterMm - want.diameterMm) <= 0.2, "diameter \(got.diameterMm) mm for \(want.diameterMm)")
    }

    /// Seed 153's zirconia implant (4.1 × 8 mm, clipped, blooming 0.54 ×): five of 24 edges run 0.2–0.3 mm out into
    /// bloomed bone from 3.5 mm down, close enough to a leaning circle that a 0.2 mm residual limit kept them and the
    /// short body's axis settled 1.23° off; at `circleResidualMm` (0.15 mm) it is within the 1° target.
    @Test func aShortClippedImplantsAxisStaysBesideAFaintArc() throws {
        let seed: UInt64 = 153
        let (found, truths) = try analyzed(randomPhantom: seed)
        #expect(found.count == 2)
        let truth = truths[1]
        let got = try #require(found.min { shoulderDistance($0.shoulderMm, truth.shoulderMm) < shoulderDistance($1.shoulderMm, truth.shoulderMm) })
        let degrees = angleDeg(got.axis, truth.axis)
        #expect(degrees <= 1, "axis \(degrees)° off")
    }

    /// A circular moat as wide as a plate takes it, where under 0.5 mm of bone stands beyond it (the truth's
    /// convention). Seed 30: an Ie moat 1.76 mm wide leaves 0–0.28 mm of buccal plate, Ic by the truth; seed 228:
    /// an Ic moat leaves 0.10–0.87 mm of lingual plate, under 0.5 mm in 9 of 13 directions, Id. Read as walled
    /// wherever any bone stood within 4 mm, as they were, both kept their spec's class.
    @Test func aMoatAsWideAsAPlateTakesIt() throws {
        for (seed, want) in [(UInt64(30), "Ic"), (228, "Id")] {
            let (found, truths) = try analyzed(randomPhantom: seed)
            let truth = try #require(truths.first { $0.defect.schwarzClass == want })
            let got = try #require(found.min { shoulderDistance($0.shoulderMm, truth.shoulderMm) < shoulderDistance($1.shoulderMm, truth.shoulderMm) })
            #expect(got.defect.schwarzClass == want, "seed \(seed)")
        }
    }

    /// A buccal plate standing across a moat is read from the half-way point of its inner edge (`WallRay.innerEdge`):
    /// from the first sample over the bone threshold, seed 3's 3 mm plate (1.395 mm, titanium, 0.4 mm voxels,
    /// 0.51 mm blur) read 0.328 mm thick and seed 95's (1.21 mm, zirconia, 0.25 mm voxels) 0.280 mm; now 0.116
    /// and 0.102 mm. The target for walls of 1 mm and more is 0.3 mm.
    @Test func aPlateAcrossAMoatIsReadFromItsInnerEdgesHalfWayPoint() throws {
        for seed in [UInt64(3), 95] {
            let (found, truths) = try analyzed(randomPhantom: seed)
            let truth = try #require(truths.first)
            let got = try #require(found.min { shoulderDistance($0.shoulderMm, truth.shoulderMm) < shoulderDistance($1.shoulderMm, truth.shoulderMm) })
            let want = try #require(truth.wallThicknessMm.first { $0.label == "3mm" }).buccal
            let read = try #require(got.wallThicknessMm.first { $0.label == "3mm" }).buccal
            #expect(want >= 1, "seed \(seed): a wall the target covers")
            #expect(abs(read - want) <= 0.3, "seed \(seed): \(read) mm read, \(want) mm true")
        }
    }

    @Test func circumferentialDefectIsClassifiedAndMeasured() throws {
        let (m, truth) = try analyze(.intrabonyIe, seed: 12)
        let got = try #require(m.implants.first), want = truth.implants[0]
        #expect(got.defect.schwarzClass == "Ie")
        #expect(abs(got.boneLevelMm.max - want.boneLevelMm.max) <= 0.5)
        #expect(abs(got.boneLevelMm.buccal - 4) <= 0.25 && abs(got.boneLevelMm.lingual - 4) <= 0.25)
        // The moat is 1.5 mm wide. Looked for from the surface, the implant's own blurred edge read as the
        // wall and every defect was 0 mm wide; from the artifact margin the wall is found.
        #expect(abs(want.defect.widthMm - 1.5) < 1e-9)
        #expect(abs(got.defect.widthMm - 1.5) <= 0.3)
    }

    @Test func buccalDehiscenceIsOnTheBuccalSide() throws {
        let (m, _) = try analyze(.dehiscenceIa, seed: 13)
        let got = try #require(m.implants.first)
        #expect(got.defect.schwarzClass == "Ia")
        #expect(abs(got.boneLevelMm.buccal - 5) <= 0.3)
        #expect(got.boneLevelMm.lingual <= 0.3)
    }

    @Test func crownsAndFillingsAreNotImplants() throws {
        let (m, _) = try analyze(.fillingsOnly, seed: 14)
        #expect(m.implants.isEmpty)
        #expect(!m.excluded.isEmpty)
    }

    @Test func twoImplantsBesideAMetalCrownAreBothFound() throws {
        let (m, truth) = try analyze(.twoImplantsCrown, seed: 15)
        #expect(m.implants.count == 2)
        for (got, want) in zip(m.implants, truth.implants) {
            #expect(shoulderDistance(got.shoulderMm, want.shoulderMm) <= 0.3)
        }
        #expect(m.excluded.contains { $0.reason.contains("not elongated") })
    }

    @Test func detailedAnalysisHasTheSameMeasurementsAndAFrameAndBandPerImplant() throws {
        let phantom = try PhantomGenerator.generate(PhantomPreset.twoImplantsCrown.spec, seed: 15)
        let volume = grayVolume(phantom)
        let detail = ImplantAnalyzer.analyzeInDetail(volume, source: "s")
        #expect(detail.measurements == ImplantAnalyzer.analyze(volume, source: "s"))
        #expect(detail.implants.count == 2)
        for (implant, m) in zip(detail.implants, detail.measurements.implants) {
            // Frames in the order of the measurements.
            #expect(implant.frame.shoulder == SIMD3(m.shoulderMm[0], m.shoulderMm[1], m.shoulderMm[2]))
            let map = implant.boneMap
            #expect(map.columns == 180 && map.rows == Int((m.lengthMm / 0.1).rounded(.up)))
            // The band agrees with the profile: bone 1 mm below each sector's level (healthy: everywhere),
            // none at the shoulder of the second implant's 3.5 mm circumferential defect.
            for s in m.sectors where s.boneLevelMm + 1 < m.lengthMm {
                let column = Int((BoneBandMapTestsHelper.mapAngle(s.angleDeg) + 180) / map.angleStepDeg)
                #expect(map[column: column, row: Int((s.boneLevelMm + 1) / map.depthStepMm)] == .present)
            }
        }
        let second = detail.implants[1].boneMap
        #expect((0..<second.columns).filter { second[column: $0, row: 10] == .absent }.count >= second.columns * 9 / 10)
    }

    @Test func implantCutByTheFieldEdgeIsFlaggedNotMeasured() throws {
        // The healthy preset again, with a field of view only 6 mm tall centred on the implant's middle:
        // both ends of the 10 mm implant lie outside it.
        let whole = try PhantomGenerator.generate(PhantomPreset.healthy.spec, seed: 11).truth.implants[0]
        var spec = PhantomPreset.healthy.spec
        spec.volume.centerMm = zip(whole.shoulderMm, whole.apexMm).map { ($0 + $1) / 2 }
        spec.volume.fieldOfViewMm = [24, 24, 6]
        let m = ImplantAnalyzer.analyze(grayVolume(try PhantomGenerator.generate(spec, seed: 11)))
        #expect(m.implants.isEmpty)
        let cut = try #require(m.excluded.first { $0.flag == ExcludedObject.cutByFieldEdge })
        #expect(cut.reason.contains("cut by the edge of the field of view"))
        // Its centre is the middle of the implant, within the field's voxel size.
        #expect(sqrt(zip(cut.centerMm, spec.volume.centerMm!).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)) <= 0.5)
        #expect(MeasurementSummary.text(m).contains("Implant not measured (implantCutByFieldEdge)"))
        #expect(m.notes.first == "no implant found")
    }

    @Test func emptyScanReportsNoImplant() {
        let v = Volume<Int16>(size: [20, 20, 20], geometry: VolumeGeometry(spacing: [0.3, 0.3, 0.3]), repeating: 40)
        let m = ImplantAnalyzer.analyze(v)
        #expect(m.implants.isEmpty && m.notes.first == "no implant found")
    }
}
