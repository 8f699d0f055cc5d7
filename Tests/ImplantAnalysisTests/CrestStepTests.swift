import Foundation
import Measurements
import Testing
@testable import ImplantAnalysis

/// A cortical crest is read at its blurred step's half-way point wherever that lies within a σ of the implant's edge
/// blur below the first contact (`BoneProbe.crestStepShiftSigmas`), not only within half a voxel.
@Suite struct CrestStepTests {
    /// A column through a crest at 0.85 mm blurred with σ = 0.2 mm, every 0.1 mm: soft tissue (50) over cortical
    /// bone (1500), threshold 250. The threshold is passed at x = −1.09 σ, 0.63 mm: first contact at 0.7 mm. Half-way
    /// (775) is 0.15 mm below it: within a σ it is reached whole; with only half a 0.2 mm voxel allowed, 0.8 mm. A ramp
    /// from 100 at 0.4 mm to 1600 at 1.1 mm is first in contact at 0.5 mm (314) and half-way (850) at 0.75 mm, 0.25 mm
    /// below: more than a σ, so it moves half a voxel, to 0.6 mm.
    @Test func aCrestWithinOneSigmaIsReadWholeAndARampIsNot() {
        func phi(_ x: Double) -> Double { 0.5 * (1 + erf(x / 2.0.squareRoot())) }
        let step = (0...30).map { 50 + 1450 * phi((Double($0) * 0.1 - 0.85) / 0.2) }
        let first = Double(step.firstIndex { $0 >= 250 }!) * 0.1
        #expect(abs(first - 0.7) < 1e-9)
        #expect(abs(BoneProbe.crestEdge(step, from: first, step: 0.1, threshold: 250, water: 0, maxShift: 0.1, stepShift: 0.2)
                    - 0.85) <= 0.02)
        #expect(abs(BoneProbe.crestEdge(step, from: first, step: 0.1, threshold: 250, water: 0, maxShift: 0.1) - 0.8) <= 1e-9)
        let ramp = (0...30).map { (i: Int) -> Double in 100 + 1500 * min(1, max(0, (Double(i) * 0.1 - 0.4) / 0.7)) }
        let start = Double(ramp.firstIndex { $0 >= 250 }!) * 0.1
        #expect(abs(start - 0.5) < 1e-9)
        #expect(abs(BoneProbe.crestEdge(ramp, from: start, step: 0.1, threshold: 250, water: 0, maxShift: 0.1, stepShift: 0.2)
                    - 0.6) <= 1e-9)
        #expect(abs(BoneProbe.crestEdge(ramp, from: start, step: 0.1, threshold: 250, water: 0, maxShift: 1) - 0.75) <= 1e-9)
    }

    /// Phantom seed 307 #0 (0.2 mm voxels, 0.48 mm of blur: σ 0.2 mm): a supracrestal loss 0.88 mm deep over the
    /// lingual half. Moved at most half a voxel, the lingual site read 0.70 mm, 0.18 short; whole, 0.81.
    @Test func aSupracrestalCrestIsReadAtItsStepWhereTheBlurIsWiderThanAVoxel() throws {
        let (measured, truth) = try firstImplant(ofRandomPhantom: 307)
        let error = measured.boneLevelMm.lingual - truth.boneLevelMm.lingual
        #expect(abs(error) <= 0.1, "lingual \(measured.boneLevelMm.lingual) for \(truth.boneLevelMm.lingual)")
    }
}
