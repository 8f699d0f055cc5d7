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

@Suite struct ExplantRuleTests {
    @Test(arguments: [(4.99, false), (5.01, true)])
    func boneLossAboveHalfTheLength(lossMm: Double, explant: Bool) {
        let r = decide(implant(boneLossMm: lossMm, schwarz: "II", monje: "II"), quiet)
        #expect((r.treatment == .explant) == explant)
        #expect(r.entry(RuleID.explantBoneLoss)?.outcome == (explant ? .fired : .notFired))
    }

    @Test(arguments: [RuleID.explantMobility, RuleID.explantFracture, RuleID.explantNerveOrMalposition,
                      RuleID.explantTitaniumAllergy])
    func findingAloneExplantsDespiteLittleBoneLoss(rule: String) {
        let f = findings {
            switch rule {
            case RuleID.explantMobility: $0.mobility = true
            case RuleID.explantFracture: $0.implantFracture = true
            case RuleID.explantNerveOrMalposition: $0.nerveInvolvementOrMalposition = true
            default: $0.titaniumAllergy = true
            }
        }
        let r = decide(implant(boneLossMm: 0.5), f)
        #expect(r.treatment == .explant)
        #expect(r.entry(rule)?.outcome == .fired)
        #expect(decide(implant(boneLossMm: 0.5), quiet).treatment == .maintenance)
    }

    /// A material the scan could not read (metal and air clipped, `MaterialClassifier`) may be titanium.
    @Test func titaniumAllergyRemovesAnImplantOfUnknownMaterial() {
        let r = decide(implant(material: "unknown"), findings { $0.titaniumAllergy = true })
        #expect(r.treatment == .explant)
        #expect(r.entry(RuleID.explantTitaniumAllergy)?.outcome == .fired)
    }

    @Test func titaniumAllergyDoesNotRemoveZirconia() {
        let r = decide(implant(material: "zirconia"), findings { $0.titaniumAllergy = true })
        #expect(r.treatment == .maintenance)
        #expect(r.entry(RuleID.explantTitaniumAllergy)?.outcome == .notFired)
    }
}

@Suite struct DiagnosisRuleTests {
    /// Without a baseline: BOP + bone level ≥ 3 mm + probing depth ≥ 6 mm.
    @Test(arguments: [
        (5.9, 4.0, Recommendation.Diagnosis.mucositis),
        (6.0, 4.0, .periimplantitis),
        (7.0, 2.9, .mucositis),
        (7.0, 3.0, .periimplantitis),
    ])
    func probingDepthAndBoneLevel(probingMm: Double, lossMm: Double, expected: Recommendation.Diagnosis) {
        let f = findings { $0.bleedingOnProbing = true; $0.probingDepthMm = probingMm }
        #expect(decide(implant(boneLossMm: lossMm, schwarz: "Ie", monje: "Ic"), f).diagnosis == expected)
    }

    @Test func suppurationAloneCountsAsInflammation() {
        let f = findings { $0.suppuration = true; $0.probingDepthMm = 7 }
        #expect(decide(implant(boneLossMm: 4, schwarz: "Ie"), f).diagnosis == .periimplantitis)
    }

    @Test func noBleedingNoSuppurationIsHealth() {
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), findings { $0.probingDepthMm = 7 })
        #expect(r.diagnosis == .health)
        #expect(r.treatment == .maintenance)
        #expect(r.severity == Recommendation.Severity.none)
    }

    /// With a baseline: progression beyond 2 voxels (0.5 mm at 0.25 mm voxels), probing depth not needed.
    @Test(arguments: [(2.49, Recommendation.Diagnosis.mucositis), (2.51, .periimplantitis)])
    func progressionAgainstBaseline(levelMm: Double, expected: Recommendation.Diagnosis) {
        let f = findings { $0.bleedingOnProbing = true; $0.probingDepthMm = nil; $0.baselineBoneLevelMm = 2.0 }
        let r = decide(implant(boneLossMm: levelMm, schwarz: "Ie"), f)
        #expect(r.diagnosis == expected)
        #expect(r.entry(RuleID.diagnosisProgression) != nil)
        #expect(r.entry(RuleID.diagnosisBoneNoBaseline) == nil)
        #expect(!r.missingInputs.contains("probingDepthMm"))
    }

    @Test(arguments: [(24.9, Recommendation.Severity.early), (25.1, .moderate), (50.0, .moderate), (50.1, .advanced)])
    func severityFroumRosen(percent: Double, expected: Recommendation.Severity) {
        // A baseline at the shoulder makes every case peri-implantitis, also below the 3 mm level.
        let f = findings { $0.bleedingOnProbing = true; $0.baselineBoneLevelMm = 0 }
        #expect(decide(implant(boneLossMm: percent / 10, schwarz: "Ie"), f).severity == expected)
    }

    @Test(arguments: [(1.9, Recommendation.Outcome.success), (2.1, .satisfactory), (4.0, .satisfactory),
                      (4.1, .compromised), (5.1, .failure)])
    func outcomeIcoiPisa(lossMm: Double, expected: Recommendation.Outcome) {
        #expect(decide(implant(boneLossMm: lossMm), quiet).outcome == expected)
    }
}

@Suite struct TreatmentRuleTests {
    @Test(arguments: [
        (2.0, "Ie", false, Recommendation.Treatment.nonsurgical),   // early peri-implantitis
        (4.0, "Ie", false, .surgicalRegenerative),                   // intrabony, contained
        (4.0, "Ib", false, .surgicalRegenerative),
        (4.0, "II", false, .surgicalResective),                      // supracrestal
        (4.0, "Ie", true, .nonsurgical),                             // mucositis (probing 5 mm)
    ])
    func byDefectAndSeverity(lossMm: Double, schwarz: String, shallow: Bool, expected: Recommendation.Treatment) {
        // Bone level ≥ 3 mm is needed for peri-implantitis without a baseline: the early case uses a baseline.
        let f = findings {
            $0.bleedingOnProbing = true
            $0.probingDepthMm = shallow ? 5 : 7
            if lossMm < 3 { $0.baselineBoneLevelMm = 0 }
        }
        #expect(decide(implant(boneLossMm: lossMm, schwarz: schwarz), f).treatment == expected)
    }
}

@Suite struct ReimplantationRuleTests {
    @Test(arguments: [(0.9, Recommendation.Reimplantation.early), (1.0, .early), (1.1, .immediate)])
    func facialWallThickness(wallMm: Double, expected: Recommendation.Reimplantation) {
        let r = decide(implant(facialWallMm: wallMm), mobile)
        #expect(r.reimplantation == expected)
        #expect(r.entry(RuleID.reimplantImmediate)?.outcome == (expected == .immediate ? .fired : .notFired))
    }

    @Test func acuteInfectionIsNeverImmediate() {
        let r = decide(implant(facialWallMm: 3), findings({ $0.acuteInfection = true }, from: mobile))
        #expect(r.reimplantation == .early)
        #expect(r.healingWeeks == .init(min: 4, max: 8))
    }

    /// Primary stability: ≥ 3 mm beyond the apex, or a ridge of diameter + 2 × 1.5 mm (7.1 mm).
    @Test(arguments: [(2.9, 7.0, Recommendation.Reimplantation.delayed), (3.0, 7.0, .immediate), (2.9, 7.2, .immediate)])
    func primaryStability(apexMm: Double, ridgeMm: Double, expected: Recommendation.Reimplantation) {
        #expect(decide(implant(ridgeMm: ridgeMm, beyondApexMm: apexMm), mobile).reimplantation == expected)
    }

    @Test(arguments: [
        (implant(boneLossMm: 5.1, schwarz: "Ie"), "advanced"),
        (implant(boneLossMm: 3, schwarz: "Ia"), "dehiscence"),
        (implant(boneLossMm: 3, schwarz: "II", monje: "II"), "vertical"),
        (implant(facialWallMm: 0), "no facial wall"),
    ])
    func delayedByTheDefect(_ m: ImplantMeasurement, _ why: String) {
        let r = decide(m, mobile)
        #expect(r.reimplantation == .delayed, "\(why)")
        #expect(r.entry(RuleID.reimplantDelayed)?.outcome == .fired)
    }

    @Test func uncontrolledDiabetesDelays() {
        let f = findings({ $0.diabetes = .uncontrolled }, from: mobile)
        #expect(decide(implant(), f).reimplantation == .delayed)
        #expect(decide(implant(), findings({ $0.diabetes = .controlled }, from: mobile)).reimplantation == .immediate)
        #expect(decide(implant(), f).healingWeeks == .init(min: 26, max: nil))
    }

    @Test func noReimplantationWithoutRemoval() {
        let r = decide(implant(), quiet)
        #expect(r.reimplantation == .notApplicable)
        #expect(r.graft == Recommendation.Graft.none)
        #expect(r.healingWeeks == nil)
    }
}

@Suite struct GraftRuleTests {
    @Test(arguments: [(4.9, Recommendation.Graft.stagedAugmentation), (5.1, .none)])
    func ridgeWidth(ridgeMm: Double, expected: Recommendation.Graft) {
        let r = decide(implant(ridgeMm: ridgeMm), mobile)
        #expect(r.graft == expected)
        #expect(r.reimplantation == (expected == .stagedAugmentation ? .delayed : .immediate))
    }

    @Test(arguments: [(1.9, Recommendation.Graft.none), (2.0, .gapFill)])
    func gapToTheWall(gapMm: Double, expected: Recommendation.Graft) {
        let r = decide(implant(boneLossMm: 2, schwarz: "Ie", gapMm: gapMm), mobile)
        #expect(r.graft == expected)
        #expect(r.reimplantation == .immediate)
    }

    @Test(arguments: [("Ib", Recommendation.Graft.simultaneousGBR), ("Ic", .simultaneousGBR), ("Ia", .stagedAugmentation),
                      ("Id", .stagedAugmentation), ("II", .stagedAugmentation)])
    func byDefectClass(schwarz: String, expected: Recommendation.Graft) {
        #expect(decide(implant(boneLossMm: 3, schwarz: schwarz, gapMm: 1), mobile).graft == expected)
    }

    @Test func healingByTimingAndGraft() {
        let staged = decide(implant(boneLossMm: 6, schwarz: "II", monje: "II", ridgeMm: 0), nil)
        #expect(staged.treatment == .explant)
        #expect(staged.reimplantation == .delayed)
        #expect(staged.graft == .stagedAugmentation)
        #expect(staged.healingWeeks == .init(min: 17, max: 39))
        let earlyGBR = decide(implant(boneLossMm: 3, schwarz: "Ib", facialWallMm: 0.8), mobile)
        #expect(earlyGBR.reimplantation == .early)
        #expect(earlyGBR.graft == .simultaneousGBR)
        #expect(earlyGBR.healingWeeks == .init(min: 12, max: 16))
        #expect(decide(implant(), mobile).healingWeeks == .init(min: 0, max: 0))
    }
}

@Suite struct MissingInputTests {
    @Test func scanAloneIsUndeterminedAndSaysWhy() {
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), nil)
        #expect(r.diagnosis == .undetermined)
        #expect(r.missingInputs == ["findings", "mobility", "implantFracture", "nerveInvolvementOrMalposition",
                                    "titaniumAllergy", "bleedingOnProbing", "suppuration", "probingDepthMm"])
        #expect(r.entry(RuleID.diagnosisInflammation)?.outcome == .blocked)
        #expect(r.severity == .moderate)
        #expect(r.sentence.contains("provisional"))
    }

    @Test func scanAloneOfAHealthyImplantIsMaintenance() {
        let r = decide(implant(boneLossMm: 0.2), nil)
        #expect(r.treatment == .maintenance)
        #expect(!r.missingInputs.contains("probingDepthMm"))
    }

    @Test func bleedingMissing() {
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), findings { $0.bleedingOnProbing = nil; $0.probingDepthMm = 7 })
        #expect(r.diagnosis == .undetermined)
        #expect(r.missingInputs == ["bleedingOnProbing"])
    }

    @Test func probingDepthMissing() {
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), findings { $0.bleedingOnProbing = true; $0.probingDepthMm = nil })
        #expect(r.diagnosis == .undetermined)
        #expect(r.missingInputs == ["probingDepthMm"])
        #expect(r.entry(RuleID.diagnosisBoneNoBaseline)?.outcome == .blocked)
    }

    @Test func baselineReplacesProbingDepth() {
        let f = findings { $0.bleedingOnProbing = true; $0.probingDepthMm = nil; $0.baselineBoneLevelMm = 1 }
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), f)
        #expect(r.diagnosis == .periimplantitis)
        #expect(r.missingInputs.isEmpty)
    }

    @Test func missingInfectionBlocksImmediate() {
        let r = decide(implant(), findings({ $0.acuteInfection = nil }, from: mobile))
        #expect(r.reimplantation == .early)
        #expect(r.missingInputs == ["acuteInfection"])
        #expect(r.entry(RuleID.reimplantImmediate)?.outcome == .blocked)
    }
}

@Suite struct RuleSetTests {
    @Test func overrideChangesOutcomeAndHash() throws {
        let data = Data(#"{"version": "clinic", "thresholds": {"explant.boneLoss": {"boneLossPercent": 60}}}"#.utf8)
        let rules = try DecisionFile.rules(data, path: "r.json")
        #expect(rules.version == "2025.1+clinic")
        #expect(rules.value(RuleID.explantBoneLoss, "boneLossPercent") == 60)
        #expect(rules.thresholdsHash != RuleSet.standard.thresholdsHash)
        let m = implant(boneLossMm: 5.5, schwarz: "II", monje: "II")
        #expect(decide(m, quiet).treatment == .explant)
        let r = decide(m, quiet, rules)
        #expect(r.treatment == .surgicalResective || r.treatment == .maintenance)
        #expect(r.treatment != .explant)
        #expect(r.thresholdsHash == rules.thresholdsHash)
        #expect(r.ruleSetVersion == "2025.1+clinic")
    }

    @Test func hashIsStableAndFNV1a() {
        #expect(FNV1a64.hex("") == "cbf29ce484222325")
        #expect(FNV1a64.hex("a") == "af63dc4c8601ec8c")
        #expect(RuleSet.standard.thresholdsHash == RuleSet.standard.thresholdsHash)
    }

    @Test(arguments: [
        (#"{"thresholds": {"explant.boneLos": {"boneLossPercent": 60}}}"#, "r.json: thresholds.explant.boneLos: unknown rule id"),
        (#"{"thresholds": {"explant.boneLoss": {"percent": 60}}}"#, "r.json: thresholds.explant.boneLoss.percent: unknown threshold"),
        (#"{"thresholds": {}, "extra": 1}"#, "r.json: extra: unknown key \"extra\""),
    ])
    func badRulesFileRefused(json: String, messageStart: String) {
        #expect(throws: DecisionFile.Failure.self) { try DecisionFile.rules(Data(json.utf8), path: "r.json") }
        do {
            _ = try DecisionFile.rules(Data(json.utf8), path: "r.json")
        } catch {
            #expect(error.description.hasPrefix(messageStart), "\(error.description)")
        }
    }

    @Test func everyRuleHasASource() {
        #expect(RuleSet.standard.rules.allSatisfy { !$0.source.isEmpty && !$0.description.isEmpty })
        #expect(Set(RuleSet.standard.rules.map(\.id)).count == RuleSet.standard.rules.count)
    }
}

@Suite struct FindingsFileTests {
    @Test func decodesEveryField() throws {
        let json = #"""
        {"probingDepthMm": 6.5, "bleedingOnProbing": true, "suppuration": false, "mobility": false, "pain": false,
         "acuteInfection": false, "implantFracture": false, "nerveInvolvementOrMalposition": false, "titaniumAllergy": false,
         "diabetes": "controlled", "cigarettesPerDay": 10,
         "implantSystem": {"nominalDiameterMm": 4.1, "nominalLengthMm": 10, "collarMm": 1.8},
         "placementDate": "2019-03-14", "priorTreatment": "non-surgical debridement 2023", "baselineBoneLevelMm": 0.4}
        """#
        let f = try DecisionFile.findings(Data(json.utf8), path: "f.json")
        #expect(f.probingDepthMm == 6.5)
        #expect(f.diabetes == .controlled)
        #expect(f.implantSystem?.collarMm == 1.8)
        #expect(f.placementDate == "2019-03-14")
    }

    @Test(arguments: [
        (#"{"bleedingOnProbbing": true}"#, "f.json: bleedingOnProbbing: unknown key"),
        (#"{"implantSystem": {"diameterMm": 4}}"#, "f.json: implantSystem.diameterMm: unknown key"),
        (#"{"diabetes": "type2"}"#, "f.json: diabetes: \"type2\" is not one of none, controlled, uncontrolled"),
        (#"{"probingDepthMm": "deep"}"#, "f.json: probingDepthMm: wrong type"),
        (#"{"placementDate": "2019-02-30"}"#, "f.json: placementDate: \"2019-02-30\" is not a date"),
        (#"{"probingDepthMm": -1}"#, "f.json: probingDepthMm: must be 0 or more"),
    ])
    func badFindingsRefused(json: String, messageStart: String) {
        do {
            _ = try DecisionFile.findings(Data(json.utf8), path: "f.json")
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description.hasPrefix(messageStart), "\(error.description)")
        }
    }

    @Test func collarFromTheChartIsSubtracted() {
        // 4 mm to first contact with a 1.5 mm collar: 2.5 mm of loss → below the 3 mm peri-implantitis level.
        let f = findings { $0.bleedingOnProbing = true; $0.probingDepthMm = 7; $0.implantSystem = .init(collarMm: 1.5) }
        let r = decide(implant(boneLossMm: 4, schwarz: "Ie"), f)
        #expect(r.diagnosis == .mucositis)
        #expect(r.outcome == .satisfactory)
    }
}

@Suite struct ReportTests {
    @Test func findingsWithSeveralImplantsNeedAnImplantNumber() throws {
        let scan = ScanMeasurements(scan: ScanDescriptor(source: "s", size: [1, 1, 1], spacingMm: [0.25, 0.25, 0.25],
                                                         originMm: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
                                                         seriesUID: nil, studyDate: nil, calibrated: true, clampedVoxels: 0),
                                    metalThresholdHU: 2000, implants: [implant(), implant(boneLossMm: 6, schwarz: "II")],
                                    excluded: [], notes: [])
        #expect(throws: DecisionReport.Failure.self) { try DecisionReport.decide(scan, findings: quiet, rules: .standard, implant: nil) }
        #expect(throws: DecisionReport.Failure.self) { try DecisionReport.decide(scan, findings: nil, rules: .standard, implant: 3) }
        let all = try DecisionReport.decide(scan, findings: nil, rules: .standard, implant: nil)
        #expect(all.implants.map(\.implant) == [1, 2])
        #expect(all.implants[1].recommendation.treatment == .explant)
        let one = try DecisionReport.decide(scan, findings: quiet, rules: .standard, implant: 2)
        #expect(one.implants.count == 1)
        let text = RecommendationSummary.text(one)
        #expect(text.hasPrefix("Implant 2: "))
        #expect(text.contains("explant.boneLoss"))
        let round = try JSONDecoder().decode(DecisionReport.self, from: Data(RecommendationSummary.json(one).utf8))
        #expect(round == one)
    }
}
