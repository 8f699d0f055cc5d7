import Foundation
import Measurements
import Testing
import VolumeCore
@testable import Phantom

@Suite struct PhantomRandomizerTests {
    /// 200 drawn specs are all valid, and together cover every defect class, both materials, tilted and
    /// upright implants, thin walls and every voxel size.
    @Test func drawnSpecsAreValidAndVaried() {
        let specs = (0..<200).map { PhantomRandomizer.spec(seed: UInt64($0)) }
        for (i, s) in specs.enumerated() { #expect(s.validationFailure == nil, "seed \(i): \(s.validationFailure ?? "")") }
        let implants = specs.flatMap(\.implants)
        #expect(Set(implants.map(\.defect.schwarzClass)) == Set(DefectSpec.classes))
        #expect(Set(implants.map(\.material)) == ["titanium", "zirconia"])
        #expect(Set(specs.map(\.volume.voxelMm)) == [0.15, 0.2, 0.25, 0.3, 0.4])
        #expect(implants.contains { abs($0.tiltBuccalDeg) > 10 } && implants.contains { ($0.buccalWallMm ?? 9) < 1 })
        #expect(specs.contains { $0.implants.count == 2 } && specs.contains { $0.volume.grayScale != 1 })
        #expect(PhantomRandomizer.spec(seed: 7) == PhantomRandomizer.spec(seed: 7))
    }

    /// A rescan is the same jaw on the same device: only the pose moves (within ±5° and ±2 mm of the first scan's) and,
    /// with a bone loss, every defect deepens by it, short of 1 mm from the implant's end; "none" stays none.
    @Test func rescanMovesThePoseAndDeepensOnlyTheDefects() {
        for seed in UInt64(1)...60 {
            let first = PhantomRandomizer.spec(seed: seed)
            let again = PhantomRandomizer.rescan(of: first, seed: seed, boneLossMm: 1)
            #expect(again.validationFailure == nil, "seed \(seed): \(again.validationFailure ?? "")")
            var same = again
            same.pose = first.pose
            for k in same.implants.indices { same.implants[k].defect.depthMm = first.implants[k].defect.depthMm }
            #expect(same == first, "seed \(seed): only the pose and the defects' depths change")
            let before = first.pose.rotationDeg + first.pose.shiftMm, after = again.pose.rotationDeg + again.pose.shiftMm
            for k in 0..<6 {
                let bound = k < 3 ? PhantomRandomizer.rescanRotationDeg : PhantomRandomizer.rescanShiftMm
                #expect(abs(after[k] - before[k]) <= bound + 1e-9)
            }
            #expect(again.pose != first.pose)
            for (a, b) in zip(first.implants, again.implants) {
                if a.defect.schwarzClass == "none" {
                    #expect(b.defect.depthMm == 0)
                } else {
                    let expected = min(a.defect.depthMm + 1, a.lengthMm - a.defect.supracrestalMm - 1)
                    #expect(abs(b.defect.depthMm - max(a.defect.depthMm, expected)) < 1e-12)
                }
            }
            #expect(PhantomRandomizer.rescan(of: first, seed: seed) == PhantomRandomizer.rescan(of: first, seed: seed))
        }
    }
}
