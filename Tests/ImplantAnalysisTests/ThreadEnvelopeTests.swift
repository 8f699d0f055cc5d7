import Foundation
import Measurements
import Phantom
import Testing
@testable import ImplantAnalysis

/// The thread envelope (the crests' radius) is the surface walls and shells are measured from; the neck gives
/// its radius. Checked on the healthy preset (titanium 4.1 mm, 0.25 mm voxels) without blooming or streaks,
/// so that the blur is the only thing between the image and the implant's shape.
@Suite struct ThreadEnvelopeTests {
    func analysed(blurFWHMMm: Double) throws -> (measurer: ImplantMeasurer, measured: ImplantMeasurement, truth: ImplantMeasurement) {
        var spec = PhantomPreset.healthy.spec
        spec.degradation.blurFWHMMm = blurFWHMMm
        spec.degradation.bloomingScale = 0
        spec.degradation.streakHU = 0
        let phantom = try PhantomGenerator.generate(spec, seed: 3)
        let volume = grayVolume(phantom)
        let analysis = ImplantAnalyzer.analyzeInDetail(volume)
        let frame = try #require(analysis.implants.first).frame
        return (ImplantMeasurer(volume: volume, frame: frame, levels: analysis.levels, options: AnalysisOptions()),
                try #require(analysis.measurements.implants.first), try #require(phantom.truth.implants.first))
    }

    /// At 0.6 mm of blur (σ ≈ 0.29 mm with the voxels) the thread roots below the 1 mm neck pull its deeper edges in
    /// (2.03 mm at 0.3 mm depth down to 1.88 mm at 1.0 mm on a 2.05 mm neck); read only where the neck is 1.5 σ
    /// clear of them (`neckThreadClearanceSigmas`), the diameter is within 0.05 mm. Read at every neck depth it was
    /// 0.076 mm small.
    @Test func aBlurredNeckIsReadClearOfTheThreads() throws {
        let (_, measured, truth) = try analysed(blurFWHMMm: 0.6)
        #expect(abs(measured.diameterMm - truth.diameterMm) <= 0.05, "diameter \(measured.diameterMm), truth \(truth.diameterMm)")
    }

    /// With 0.2 mm of blur the threads are resolved: the surface read at a root lies up to 0.2 mm inside the
    /// crests. The envelope is the surface's mean over a thread plus the half-depth, so it stays at the crests
    /// at a root as at a crest. Root plus half-depth (before `meanRadii`) put it 0.07 mm inside at the roots.
    @Test func theEnvelopeStaysAtTheCrestsOverRootsAndCrests() throws {
        let (measurer, _, truth) = try analysed(blurFWHMMm: 0.2)
        let crest = truth.diameterMm / 2
        let surface = stride(from: 1.5, through: 6.0, by: 0.05).map { measurer.frame.radius(atDepth: $0) }
        #expect(surface.max()! - surface.min()! >= 0.1, "threads resolved: surface \(surface.min()!)–\(surface.max()!)")
        for d in stride(from: 1.5, through: 6.0, by: 0.05) {
            let envelope = measurer.envelopeRadius(atDepth: d)
            #expect(abs(envelope - crest) <= 0.03, "envelope \(envelope) at \(d) mm for \(crest)")
        }
    }

    /// With 0.2 mm of blur and nothing else, the walls below the crest (3 mm, 5 mm, mid-implant) read within 0.01 mm
    /// of the truth, which reads along the centre ray. Read on the side rays at the centre ray's distance from the
    /// axis (before `squareToRay`) they were 0.009–0.019 mm thick.
    @Test func wallsBelowTheCrestAreReadAlongTheCentreRay() throws {
        let (_, measured, truth) = try analysed(blurFWHMMm: 0.2)
        for (got, want) in zip(measured.wallThicknessMm, truth.wallThicknessMm) where want.depthMm >= 3 {
            #expect(abs(got.buccal - want.buccal) <= 0.01 && abs(got.lingual - want.lingual) <= 0.01,
                    "\(want.label): \(got.buccal), \(got.lingual) mm; truth \(want.buccal), \(want.lingual) mm")
        }
    }

    /// The neck's values and the body's are averaged apart; windows shrink at the ends; an implant shorter than
    /// the neck has only the neck's part. Known answers by hand.
    @Test func theMovingAverageKeepsTheNeckAndTheBodyApart() {
        #expect(ImplantMeasurer.movingAverage([2, 2, 2, 1, 3, 1, 3], halfWidth: 1, split: 3) == [2, 2, 2, 2, 5.0 / 3, 7.0 / 3, 2])
        #expect(ImplantMeasurer.movingAverage([1, 2, 3], halfWidth: 5, split: 10) == [2, 2, 2])
        #expect(ImplantMeasurer.movingAverage([], halfWidth: 5, split: 10) == [])
    }

    /// A disc of radius 2.05 mm (a 4.1 mm neck's cross-section) blurred by a Gaussian, integrated numerically
    /// (rows 0.001 mm apart, each row's chord exactly through the error function): its half-way crossing lies
    /// inside the edge (by 0.0055 mm at σ 0.15 mm, 0.0207 mm at σ 0.29 mm), and `blurredDiscOffset` gives the
    /// distance.
    @Test(arguments: [0.15, 0.29])
    func aBlurredDiscsHalfWayContourLiesInsideItByTheOffset(sigma: Double) {
        let radius = 2.05, h = 0.001
        let rows = Int(radius / h)
        // The blurred disc at (r, 0): over each row y, the Gaussian's weight along the row's chord inside the disc.
        func blurred(_ r: Double) -> Double {
            var sum = 0.0, total = 0.0
            func phi(_ z: Double) -> Double { 0.5 * (1 + erf(z / 2.0.squareRoot())) }
            for k in -rows...rows {
                let y = Double(k) * h
                let weight = exp(-y * y / (2 * sigma * sigma))
                let half = (radius * radius - y * y).squareRoot()
                sum += weight * (phi((half - r) / sigma) - phi((-half - r) / sigma))
            }
            for k in -Int(8 * sigma / h)...Int(8 * sigma / h) {
                let y = Double(k) * h
                total += exp(-y * y / (2 * sigma * sigma))
            }
            return sum / total
        }
        var lo = radius - 0.2, hi = radius + 0.1
        for _ in 0..<30 { let mid = (lo + hi) / 2; if blurred(mid) >= 0.5 { lo = mid } else { hi = mid } }
        let crossing = (lo + hi) / 2
        let offset = ImplantFrameEstimator.blurredDiscOffset(radius: crossing, sigma: sigma)
        #expect(radius - crossing >= 0.004, "crossing \(crossing)")
        #expect(abs(crossing + offset - radius) <= 0.0005, "crossing \(crossing) + offset \(offset) for \(radius)")
    }
}
