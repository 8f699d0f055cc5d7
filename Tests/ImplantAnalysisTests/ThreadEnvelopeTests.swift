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
}
