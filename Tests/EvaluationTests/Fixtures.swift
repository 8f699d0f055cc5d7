import Foundation
import Measurements

/// A hand-made truth implant: 4.1 × 10 mm, upright at (10, 20, 30), 72 sectors whose bone level is
/// 1 + 0.01 × angle/5 mm (distinct per sector, so that a mismatched angle shows), walls at 1, 3, 5 mm
/// and mid, six density shells.
func truthImplant(voxelMm: Double = 0.2, buccalWalls: [Double] = [1.5, 1.5, 1.5, 1.5],
                  lingualWalls: [Double] = [2.0, 2.0, 2.0, 2.0], flags: [String] = []) -> ImplantMeasurement {
    let sectors = (0..<72).map { k in SectorBoneLevel(angleDeg: Double(k) * 5, boneLevelMm: 1 + 0.01 * Double(k)) }
    let depths: [(Double, String)] = [(1, "1mm"), (3, "3mm"), (5, "5mm"), (5, "mid")]
    let walls = depths.indices.map { i in
        WallThickness(depthMm: depths[i].0, label: depths[i].1, buccal: buccalWalls[i], lingual: lingualWalls[i])
    }
    var shells: [DensityShell] = []
    for (inner, outer) in [(1.0, 2.0), (2.0, 3.0)] {
        for third in ["coronal", "middle", "apical"] {
            shells.append(DensityShell(innerMm: inner, outerMm: outer, third: third, mean: 800, median: 800, sd: 100,
                                       p10: 650, p90: 950, voxelCount: 1000))
        }
    }
    return ImplantMeasurement(
        lengthMm: 10, diameterMm: 4.1, axis: [0, 0, 1], shoulderMm: [10, 20, 30], apexMm: [10, 20, 20],
        buccalDirection: [0, -1, 0], mesialDirection: [-1, 0, 0], material: "titanium",
        boneLevelMm: SiteValues(mesial: 1.2, distal: 1.4, buccal: 1.0, lingual: 1.6, max: 1.71),
        boneLossPercent: 17.1, referenceMm: 0, sectors: sectors,
        defect: DefectMeasurement(schwarzClass: "Ie", monjeClass: "Ic", monjeSeverity: "slight", depthMm: 1.5, widthMm: 1),
        wallThicknessMm: walls, densityShells: shells, mischClass: "D3",
        ridgeWidthMm: [RidgeWidth(depthMm: 1, widthMm: 9)], boneBeyondApexMm: 5,
        quality: MeasurementQuality(voxelMm: voxelMm, artifactMarginMm: 0, buccalDirectionConfidence: "high",
                                    calibrated: true, clampedVoxels: 0, unmeasuredSectorsDeg: [], flags: flags))
}

/// A copy of an implant moved by `shift` (LPS mm), shoulder and apex.
func moved(_ implant: ImplantMeasurement, by shift: [Double]) -> ImplantMeasurement {
    var m = implant
    m.shoulderMm = zip(m.shoulderMm, shift).map { $0 + $1 }
    m.apexMm = zip(m.apexMm, shift).map { $0 + $1 }
    return m
}

/// An analysis output holding these implants.
func scan(_ implants: [ImplantMeasurement]) -> ScanMeasurements {
    ScanMeasurements(scan: ScanDescriptor(source: "test", size: [10, 10, 10], spacingMm: [0.2, 0.2, 0.2],
                                          originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], seriesUID: nil,
                                          studyDate: nil, calibrated: false, clampedVoxels: 0),
                     metalThresholdHU: 2000, implants: implants, excluded: [], notes: [])
}
