import Foundation
import Measurements
import Testing
@testable import Decision

/// A 10 mm × 4.1 mm titanium implant with `boneLossMm` of bone loss at every site (percent = mm × 10).
func implant(boneLossMm: Double = 1, schwarz: String = "none", monje: String = "none", gapMm: Double = 0,
             facialWallMm: Double = 2, ridgeMm: Double = 8, beyondApexMm: Double = 8, voxelMm: Double = 0.25,
             material: String = "titanium") -> ImplantMeasurement {
    let level = SiteValues(mesial: boneLossMm, distal: boneLossMm, buccal: boneLossMm, lingual: boneLossMm, max: boneLossMm)
    return ImplantMeasurement(
        lengthMm: 10, diameterMm: 4.1, axis: [0, 0, 1], shoulderMm: [0, 0, 0], apexMm: [0, 0, -10],
        buccalDirection: [0, -1, 0], mesialDirection: [-1, 0, 0], material: material,
        boneLevelMm: level, boneLossPercent: boneLossMm * 10, referenceMm: 0,
        sectors: [SectorBoneLevel(angleDeg: 0, boneLevelMm: boneLossMm)],
        defect: DefectMeasurement(schwarzClass: schwarz, monjeClass: monje, monjeSeverity: "none",
                                  depthMm: schwarz == "none" ? 0 : boneLossMm, widthMm: gapMm),
        wallThicknessMm: [1, 3, 5].map { WallThickness(depthMm: $0, label: "\(Int($0))mm", buccal: facialWallMm, lingual: 2) },
        densityShells: [], mischClass: "D3",
        ridgeWidthMm: [1, 3, 5].map { RidgeWidth(depthMm: $0, widthMm: ridgeMm) }, boneBeyondApexMm: beyondApexMm,
        quality: MeasurementQuality(voxelMm: voxelMm, artifactMarginMm: 0, buccalDirectionConfidence: "high",
                                    calibrated: true, clampedVoxels: 0, unmeasuredSectorsDeg: [], flags: []))
}

/// Every finding recorded and unremarkable.
let quiet = ClinicalFindings(probingDepthMm: 3, bleedingOnProbing: false, suppuration: false, mobility: false, pain: false,
                             acuteInfection: false, implantFracture: false, nerveInvolvementOrMalposition: false,
                             titaniumAllergy: false, diabetes: ClinicalFindings.Diabetes.none, cigarettesPerDay: 0)

/// Findings that call for removal (mobility) with everything else favourable for an immediate implant.
var mobile: ClinicalFindings { var f = quiet; f.mobility = true; return f }

func findings(_ change: (inout ClinicalFindings) -> Void, from base: ClinicalFindings = quiet) -> ClinicalFindings {
    var f = base
    change(&f)
    return f
}

func decide(_ m: ImplantMeasurement, _ f: ClinicalFindings?, _ rules: RuleSet = .standard) -> Recommendation {
    Decision.decide(implant: m, findings: f, rules: rules)
}
