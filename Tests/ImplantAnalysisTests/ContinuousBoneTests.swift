import Foundation
import Measurements
import Phantom
import Testing
import VolumeCore
@testable import ImplantAnalysis

/// The first bone-to-implant contact at coarse voxels: a run of bone that spans two voxels is taken before shorter
/// runs above it, and a shorter one only where there is none (`ImplantMeasurer.continuousBoneVoxels`).
@Suite struct ContinuousBoneTests {
    /// Seed 564 (0.4 mm voxels, one implant with a circumferential defect 5.1 mm deep, bright streaks of up to 200
    /// gray across its soft tissue): runs of 0.5 mm but under two voxels above the defect's floor were read as the
    /// first contact, the mesial level 2.73 mm and the distal 2.43 mm too shallow. Measured now: 1.45 and 0.73 mm.
    @Test func aRunOfOneVoxelAboveTheDefectsFloorIsNotTheFirstContact() throws {
        let (m, t) = try firstImplant(ofRandomPhantom: 564)
        #expect(abs(m.boneLevelMm.mesial - t.boneLevelMm.mesial) <= 2.0, "mesial \(m.boneLevelMm.mesial), truth \(t.boneLevelMm.mesial)")
        #expect(abs(m.boneLevelMm.distal - t.boneLevelMm.distal) <= 1.0, "distal \(m.boneLevelMm.distal), truth \(t.boneLevelMm.distal)")
    }

    /// The rule on a band grid of its own at 0.4 mm voxels, every sector alike (soft tissue 50, bone 400, threshold
    /// 200): bone from 1.0 to 1.5 mm alone is the first contact, 0.5 mm long but under two voxels, since no longer run
    /// follows (a thin plate's contact at the crest: phantom seed 459's buccal, with two voxels required outright,
    /// read 9.11 mm against 0.87; it reads that deep again since the metal edge's tail is taken out, `MetalEdgeTail`,
    /// its plate's contact being within the artifact margin); with bone again from 3.0 mm to the apex, that run is.
    @Test func aShortRunIsTheFirstContactOnlyWhereNoLongerOneFollows() {
        let m = ImplantMeasurer.onBlankVolume()
        func grid(_ bone: (Double) -> Bool) -> [[Double]] {
            let column = (0...m.depthSteps).map { bone(Double($0) * m.depthStep) ? 400.0 : 50.0 }
            return [[Double]](repeating: column, count: SectorGeometry.sectorCount)
        }
        func plate(_ d: Double) -> Bool { d >= 1.0 - 1e-9 && d <= 1.5 + 1e-9 }
        func level(_ g: [[Double]]) -> Double { m.level(ofSector: 0, grid: g, threshold: 200) }
        let short = level(grid(plate))
        let both = level(grid { plate($0) || $0 >= 3.0 - 1e-9 })
        #expect(abs(short - 1.0) < 1e-6, "level \(short)")
        #expect(abs(both - 3.0) < 1e-6, "level \(both)")
    }
}

extension ImplantMeasurer {
    /// A measurer of a 10 mm implant (radius 2 mm) on a blank volume of 0.4 mm voxels, soft tissue at 50 and water at
    /// 0 (`GrayLevels.water`): band grids for it are made by hand, with depth steps of 0.1 mm.
    static func onBlankVolume() -> ImplantMeasurer {
        let spacing = 0.4
        let volume = Volume<Int16>(size: [40, 40, 40], geometry: VolumeGeometry(spacing: [spacing, spacing, spacing]), repeating: 50)
        let frame = ImplantFrame(shoulder: [8, 8, 14], axis: [0, 0, 1], length: 10, radii: [2], radiusStep: 0.1,
                                 buccal: [1, 0, 0], mesial: [0, 1, 0], buccalConfidence: "high", interiorGray: 2800)
        var levels = GrayLevels(histogram: [Int](repeating: 0, count: 65536), metalThreshold: 2000)
        levels.softTissue = 50
        return ImplantMeasurer(volume: volume, frame: frame, levels: levels, options: AnalysisOptions())
    }

    /// Sector `k`'s bone level on a band grid made by hand, read against `threshold` through the contact map.
    func level(ofSector k: Int, grid: [[Double]], threshold: Double) -> Double {
        sector(k, grid: grid, contact: contactMap(grid: grid, threshold: threshold), threshold: threshold).0.level
    }
}
