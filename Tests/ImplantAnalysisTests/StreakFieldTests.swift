import Foundation
import Phantom
import Testing
import VolumeCore
@testable import ImplantAnalysis

/// Another implant's streaks, against the phantom's own: the same phantom generated without streaks and
/// subtracted leaves exactly what the streaks added.
@Suite struct StreakFieldTests {
    /// Phantom seed 547: two titanium implants 12 mm apart under streaks of ±335 gray at 0.4 mm voxels. Where the
    /// bone test reads around the second implant (`streakBand`), the streaks that reach it are its own and the
    /// first implant's: subtracting both leaves less than subtracting its own alone (measured: streaks 97.9 gray
    /// RMS, 57.4 left after its own, 54.6 after both).
    @Test func anotherImplantsStreaksAreSubtractedToo() throws {
        let seed: UInt64 = 547
        var spec = PhantomRandomizer.spec(seed: seed)
        let streaked = grayVolume(try PhantomGenerator.generate(spec, seed: seed))
        spec.degradation.streakHU = 0
        let clean = grayVolume(try PhantomGenerator.generate(spec, seed: seed))
        let frames = ImplantAnalyzer.analyzeInDetail(streaked).implants.map(\.frame)
        try #require(frames.count == 2)
        let models = frames.map { StreakModel.estimate(volume: streaked, frame: $0) }
        let own = StreakField(models: [models[1]]), both = StreakField(models: [models[1], models[0]])
        let band = streakBand(frames[1], streaked: streaked, clean: clean)
        let ownResidual = band.map { $0.streak - own.value(at: $0.point) }
        let bothResidual = band.map { $0.streak - both.value(at: $0.point) }
        #expect(rms(band.map(\.streak)) > 80)
        #expect(rms(bothResidual) < rms(ownResidual))
    }
}
