import Foundation
import Measurements
import Testing
@testable import ImplantAnalysis

/// `wallAtBoneLevel` marks an implant with a wall row read across its side's bone level, where the truth itself
/// jumps from the plate beyond a defect to the whole ridge within the blur.
@Suite struct WallAtBoneLevelTests {
    /// Seed 391 (0.3 mm voxels, 0.35 mm blur): implant #1's defect floor lies at 2.94 mm in the truth on every
    /// site, 0.06 mm above its 3 mm row, and that row read the buccal wall 1.4 mm thin; implant #0's floor lies at
    /// 1.75 mm, 0.75 mm or more from each of its rows (1, 3, 5 and 5.75 mm).
    @Test func aRowAtADefectsFloorIsFlaggedAndOneClearOfItIsNot() throws {
        let (found, truths) = try analyzed(randomPhantom: 391)
        #expect(found.count == 2 && truths.count == 2)
        for truth in truths {
            let implant = try #require(found.min { shoulderDistance($0.shoulderMm, truth.shoulderMm) < shoulderDistance($1.shoulderMm, truth.shoulderMm) })
            let floor = truth.boneLevelMm.buccal
            let nearest = truth.wallThicknessMm.map { abs($0.depthMm - floor) }.min()!
            #expect(implant.quality.flags.contains("wallAtBoneLevel") == (nearest < 0.1),
                    "floor \(floor) mm, nearest row \(nearest) mm away, flags \(implant.quality.flags)")
            #expect(nearest < 0.1 || nearest > 0.7)
        }
    }
}
