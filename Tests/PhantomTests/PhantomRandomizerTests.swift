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
}
