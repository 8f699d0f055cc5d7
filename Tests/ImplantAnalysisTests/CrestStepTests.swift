import Foundation
import Measurements
import Testing
@testable import ImplantAnalysis

/// A cortical crest is read at its blurred step's half-way point wherever that lies within a σ of the implant's edge
/// blur below the first contact (`BoneProbe.crestStepShiftSigmas`), not only within half a voxel.
@Suite struct CrestStepTests {
    /// Phantom seed 307 #0 (0.2 mm voxels, 0.48 mm of blur: σ 0.2 mm): a supracrestal loss 0.88 mm deep over the
    /// lingual half. Moved at most half a voxel, the lingual site read 0.70 mm, 0.18 short; whole, 0.81.
    @Test func aSupracrestalCrestIsReadAtItsStepWhereTheBlurIsWiderThanAVoxel() throws {
        let (measured, truth) = try firstImplant(ofRandomPhantom: 307)
        let error = measured.boneLevelMm.lingual - truth.boneLevelMm.lingual
        #expect(abs(error) <= 0.1, "lingual \(measured.boneLevelMm.lingual) for \(truth.boneLevelMm.lingual)")
    }
}
