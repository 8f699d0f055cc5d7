import Measurements
import Phantom
import Testing
import VolumeCore
@testable import ImplantAnalysis

/// A scan whose scale puts 0 HU at 1100 (a 12-bit PNG stack exported without its rescale intercept) is the same
/// scan: its implants measure as in HU. Before blooming was corrected about water, every stored value was divided
/// as if 0 were water, and seeds 3 and 12 read their worst site 5.5 and 2.5 mm deeper than in HU (`analyze` of the
/// PNG stacks). Seed 21 is stored with an offset of its own (0 HU at −63): both scans' water is read, and they
/// measure identically (measured: levels, walls and class equal, shells 1100 ± 2e-10 higher). Seeds 3 and 12 are
/// stored in HU, whose water reading (within `waterTolerance` of 0) is taken as 0; raised, it is read
/// (1101.0 and 1097.1): levels come out equal, walls within 1e-4 mm, shells within 0.5 gray (seed 12's worst level
/// differed by 0.09 mm before the phantom bloomed the tissue beyond the implant's ends).
@Suite struct OffsetScaleTests {
    @Test(arguments: [(UInt64(3), 0.1, 1.0), (12, 0.1, 1.0), (21, 1e-9, 1e-6)])
    func aScanStoredAboveZeroMeasuresAsInHU(seed: UInt64, mm: Double, gray: Double) throws {
        let phantom = try PhantomGenerator.generate(PhantomRandomizer.spec(seed: seed), seed: seed)
        let hu = grayVolume(phantom)
        var raised = hu
        raised.withUnsafeMutableBufferPointer { voxels in for i in voxels.indices { voxels[i] += 1100 } }
        let a = try #require(ImplantAnalyzer.analyze(hu).implants.first)
        let b = try #require(ImplantAnalyzer.analyze(raised).implants.first)
        for (x, y) in [(a.boneLevelMm.mesial, b.boneLevelMm.mesial), (a.boneLevelMm.distal, b.boneLevelMm.distal),
                       (a.boneLevelMm.buccal, b.boneLevelMm.buccal), (a.boneLevelMm.lingual, b.boneLevelMm.lingual),
                       (a.boneLevelMm.max, b.boneLevelMm.max)] {
            #expect(abs(x - y) <= mm)
        }
        #expect(a.defect.schwarzClass == b.defect.schwarzClass)
        for (x, y) in zip(a.wallThicknessMm, b.wallThicknessMm) {
            #expect(abs(x.buccal - y.buccal) <= mm && abs(x.lingual - y.lingual) <= mm)
        }
        for (x, y) in zip(a.densityShells, b.densityShells) { #expect(abs(y.mean - x.mean - 1100) <= gray) }
    }
}
