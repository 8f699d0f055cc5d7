import Measurements

/// The state of one decision while its rules are weighed in order.
struct Weighing {
    let m: ImplantMeasurement
    let f: ClinicalFindings
    let hasFindings: Bool
    let rules: RuleSet
    var trace: [TraceEntry] = []
    var missing: [String] = []

    init(m: ImplantMeasurement, f: ClinicalFindings, hasFindings: Bool, rules: RuleSet) {
        self.m = m
        self.f = f
        self.hasFindings = hasFindings
        self.rules = rules
    }

    // Derived scan values.
    /// Reference subtracted from bone levels: the analysis's, or the chart's collar when the analysis had none.
    var referenceMm: Double { m.referenceMm > 0 ? m.referenceMm : (f.implantSystem?.collarMm ?? 0) }
    /// Worst bone loss, mm (worst bone level − reference).
    var lossMm: Double { max(0, m.boneLevelMm.max - referenceMm) }
    var lossPercent: Double {
        referenceMm == m.referenceMm || m.lengthMm <= 0 ? m.boneLossPercent : lossMm / m.lengthMm * 100
    }
    var facialWallMin: Double? { m.wallThicknessMm.map(\.buccal).min() }
    var facialWallMax: Double? { m.wallThicknessMm.map(\.buccal).max() }
    var ridgeMin: Double? { m.ridgeWidthMm.map(\.widthMm).min() }
    var diameterMm: Double { f.implantSystem?.nominalDiameterMm ?? m.diameterMm }
    var schwarz: String { m.defect.schwarzClass }
    /// Walls missing on one or both sides (dehiscence; both plates lost).
    var nonContained: Bool { ["Ia", "Id"].contains(schwarz) }
    /// Crest lowered: supracrestal, or combined with a supracrestal part.
    var vertical: Bool { schwarz == "II" || m.defect.monjeClass.hasPrefix("III") }

    mutating func note(_ id: String, _ outcome: TraceEntry.Outcome, _ inputs: [String: TraceValue]) {
        let r = rules.rule(id)
        trace.append(TraceEntry(ruleId: id, outcome: outcome, inputs: inputs, threshold: r.thresholdText, source: r.source))
    }

    mutating func lack(_ key: String) { if !missing.contains(key) { missing.append(key) } }

    mutating func run() -> Recommendation {
        let explant = weighExplant()
        let (diagnosis, boneBeyond) = weighDiagnosis()
        let severity = weighSeverity(diagnosis, boneBeyond)
        let outcome = weighOutcome()
        let treatment = explant ? Recommendation.Treatment.explant : weighTreatment(diagnosis, severity, boneBeyond)
        var reimplantation = Recommendation.Reimplantation.notApplicable
        var graft = Recommendation.Graft.none
        var healing: Recommendation.HealingWeeks?
        if explant {
            graft = weighGraft()
            reimplantation = weighReimplantation(graft)
            healing = healingWeeks(reimplantation, graft)
        }
        if !hasFindings { missing.insert("findings", at: 0) }
        var rec = Recommendation(diagnosis: diagnosis, severity: severity, outcome: outcome, treatment: treatment,
                                 reimplantation: reimplantation, graft: graft, healingWeeks: healing,
                                 missingInputs: missing, trace: trace, ruleSetVersion: rules.version,
                                 thresholdsHash: rules.thresholdsHash, sentence: "")
        rec.sentence = RecommendationSentence.make(rec, lossMm: lossMm, lossPercent: lossPercent)
        return rec
    }

    // MARK: §4.2 explant

    mutating func weighExplant() -> Bool {
        func flag(_ id: String, _ key: String, _ v: Bool?) -> Bool {
            note(id, v == true ? .fired : v == false ? .notFired : .blocked, [key: TraceValue(v)])
            return v == true
        }
        var fired = false
        var blocked: [String] = []
        fired = flag(RuleID.explantMobility, "mobility", f.mobility) || fired
        if f.mobility == nil { blocked.append("mobility") }
        fired = flag(RuleID.explantFracture, "implantFracture", f.implantFracture) || fired
        if f.implantFracture == nil { blocked.append("implantFracture") }
        let limit = rules.value(RuleID.explantBoneLoss, "boneLossPercent")
        let byLoss = lossPercent > limit
        note(RuleID.explantBoneLoss, byLoss ? .fired : .notFired, ["boneLossPercent": .number(lossPercent)])
        fired = fired || byLoss
        fired = flag(RuleID.explantNerveOrMalposition, "nerveInvolvementOrMalposition", f.nerveInvolvementOrMalposition) || fired
        if f.nerveInvolvementOrMalposition == nil { blocked.append("nerveInvolvementOrMalposition") }
        // An implant whose material could not be read ("unknown") may be titanium.
        if m.material != "zirconia" {
            fired = flag(RuleID.explantTitaniumAllergy, "titaniumAllergy", f.titaniumAllergy) || fired
            if f.titaniumAllergy == nil { blocked.append("titaniumAllergy") }
        } else {
            note(RuleID.explantTitaniumAllergy, .notFired, ["material": .text(m.material), "titaniumAllergy": TraceValue(f.titaniumAllergy)])
        }
        // A missing finding limits the answer only when nothing else already calls for removal.
        if !fired { blocked.forEach { lack($0) } }
        return fired
    }

    // MARK: §4.1 diagnosis

    /// The diagnosis, and whether the bone loss goes beyond initial remodelling (nil: cannot tell).
    mutating func weighDiagnosis() -> (Recommendation.Diagnosis, Bool?) {
        let bop = f.bleedingOnProbing, sup = f.suppuration
        // Suppuration is usually charted only when present: a recorded BOP without it counts as none.
        let signs: Bool? = bop == true || sup == true ? true : bop == false ? false : nil
        note(RuleID.diagnosisInflammation, signs == true ? .fired : signs == false ? .notFired : .blocked,
             ["bleedingOnProbing": TraceValue(bop), "suppuration": TraceValue(sup)])

        var boneBeyond: Bool?
        var probingLimits = false
        if let baseline = f.baselineBoneLevelMm {
            let factor = rules.value(RuleID.diagnosisProgression, "progressionVoxels")
            let progression = m.boneLevelMm.max - baseline
            boneBeyond = progression > factor * m.quality.voxelMm
            note(RuleID.diagnosisProgression, boneBeyond! ? .fired : .notFired,
                 ["boneLevelMm": .number(m.boneLevelMm.max), "baselineBoneLevelMm": .number(baseline),
                  "progressionMm": .number(progression), "voxelMm": .number(m.quality.voxelMm)])
        } else {
            let boneLimit = rules.value(RuleID.diagnosisBoneNoBaseline, "boneLevelMm")
            let probeLimit = rules.value(RuleID.diagnosisBoneNoBaseline, "probingDepthMm")
            let inputs: [String: TraceValue] = ["boneLevelMm": .number(lossMm), "probingDepthMm": TraceValue(f.probingDepthMm),
                                                "baselineBoneLevelMm": .missing]
            if lossMm < boneLimit {
                boneBeyond = false
            } else if let pd = f.probingDepthMm {
                boneBeyond = pd >= probeLimit
            } else {
                probingLimits = true
            }
            note(RuleID.diagnosisBoneNoBaseline, boneBeyond == true ? .fired : boneBeyond == false ? .notFired : .blocked, inputs)
        }

        let diagnosis: Recommendation.Diagnosis
        switch (signs, boneBeyond) {
        case (false, _): diagnosis = .health
        case (true, true): diagnosis = .periimplantitis
        case (true, false): diagnosis = .mucositis
        default: diagnosis = .undetermined
        }
        if signs == nil {
            lack("bleedingOnProbing")
            if sup == nil { lack("suppuration") }
        }
        if probingLimits && signs != false { lack("probingDepthMm") }
        return (diagnosis, boneBeyond)
    }

    mutating func weighSeverity(_ diagnosis: Recommendation.Diagnosis, _ boneBeyond: Bool?) -> Recommendation.Severity {
        let applies = diagnosis == .periimplantitis || (diagnosis == .undetermined && boneBeyond != false)
        let moderate = rules.value(RuleID.severity, "moderateFromPercent")
        let advanced = rules.value(RuleID.severity, "advancedAbovePercent")
        let s: Recommendation.Severity = !applies ? .none
            : lossPercent > advanced ? .advanced : lossPercent >= moderate ? .moderate : .early
        note(RuleID.severity, applies ? .fired : .notFired,
             ["boneLossPercent": .number(lossPercent), "diagnosis": .text(diagnosis.rawValue), "severity": .text(s.rawValue)])
        return s
    }

    mutating func weighOutcome() -> Recommendation.Outcome {
        let from2 = rules.value(RuleID.outcome, "satisfactoryFromMm")
        let above4 = rules.value(RuleID.outcome, "compromisedAboveMm")
        let half = rules.value(RuleID.outcome, "failureAbovePercent")
        let o: Recommendation.Outcome = lossPercent > half ? .failure : lossMm > above4 ? .compromised
            : lossMm >= from2 ? .satisfactory : .success
        note(RuleID.outcome, .fired, ["boneLossMm": .number(lossMm), "boneLossPercent": .number(lossPercent),
                                      "outcome": .text(o.rawValue)])
        return o
    }

    // MARK: §4.2 treatment

    mutating func weighTreatment(_ diagnosis: Recommendation.Diagnosis, _ severity: Recommendation.Severity,
                                 _ boneBeyond: Bool?) -> Recommendation.Treatment {
        // Undetermined: what the scan shows, provisionally — peri-implantitis treatment when the bone loss could be
        // beyond remodelling, maintenance when it is not.
        let provisional = diagnosis == .undetermined
        let asPeriimplantitis = diagnosis == .periimplantitis || (provisional && boneBeyond != false)
        var inputs: [String: TraceValue] = ["diagnosis": .text(diagnosis.rawValue), "severity": .text(severity.rawValue),
                                            "schwarzClass": .text(schwarz)]
        if provisional { inputs["provisional"] = .flag(true) }
        let t: Recommendation.Treatment
        let id: String
        if asPeriimplantitis && severity != .early && schwarz == "II" {
            (t, id) = (.surgicalResective, RuleID.treatmentResective)
        } else if asPeriimplantitis && severity != .early && schwarz.hasPrefix("I") {
            (t, id) = (.surgicalRegenerative, RuleID.treatmentRegenerative)
        } else if asPeriimplantitis || diagnosis == .mucositis {
            (t, id) = (.nonsurgical, RuleID.treatmentNonsurgical)
        } else {
            (t, id) = (.maintenance, RuleID.treatmentMaintenance)
        }
        note(id, .fired, inputs)
        return t
    }

    // MARK: §4.4 grafting (after removal)

    var primaryStability: Bool {
        let apex = rules.value(RuleID.reimplantImmediate, "boneBeyondApexMm")
        let margin = rules.value(RuleID.reimplantImmediate, "ridgeMarginMm")
        return m.boneBeyondApexMm >= apex || (ridgeMin ?? 0) >= diameterMm + 2 * margin
    }

    mutating func weighGraft() -> Recommendation.Graft {
        let narrowBelow = rules.value(RuleID.graftStaged, "ridgeWidthMm")
        let narrow = ridgeMin.map { $0 < narrowBelow }
        let staged = nonContained || vertical || narrow == true || !primaryStability
        note(RuleID.graftStaged, staged ? .fired : narrow == nil ? .blocked : .notFired,
             ["schwarzClass": .text(schwarz), "monjeClass": .text(m.defect.monjeClass), "ridgeWidthMm": TraceValue(ridgeMin),
              "boneBeyondApexMm": .number(m.boneBeyondApexMm), "primaryStability": .flag(primaryStability)])
        if staged { return .stagedAugmentation }
        let contained = ["Ib", "Ic"].contains(schwarz)
        note(RuleID.graftGBR, contained ? .fired : .notFired, ["schwarzClass": .text(schwarz)])
        if contained { return .simultaneousGBR }
        let gapFrom = rules.value(RuleID.graftGapFill, "gapMm")
        let gap = m.defect.widthMm
        note(RuleID.graftGapFill, gap >= gapFrom ? .fired : .notFired, ["gapMm": .number(gap), "schwarzClass": .text(schwarz)])
        return gap >= gapFrom ? .gapFill : .none
    }

    // MARK: §4.3 reimplantation timing

    mutating func weighReimplantation(_ graft: Recommendation.Graft) -> Recommendation.Reimplantation {
        let advanced = lossPercent > rules.value(RuleID.severity, "advancedAbovePercent")
        let noFacialWall = (facialWallMax ?? 0) <= 0
        let uncontrolled = f.diabetes == .uncontrolled
        let delayed = advanced || nonContained || vertical || noFacialWall || uncontrolled || graft == .stagedAugmentation
        note(RuleID.reimplantDelayed, delayed ? .fired : .notFired,
             ["boneLossPercent": .number(lossPercent), "schwarzClass": .text(schwarz), "monjeClass": .text(m.defect.monjeClass),
              "facialWallMaxMm": TraceValue(facialWallMax), "diabetes": TraceValue(f.diabetes?.rawValue),
              "graft": .text(graft.rawValue)])
        if delayed { return .delayed }

        let wallAbove = rules.value(RuleID.reimplantImmediate, "facialWallMm")
        let wallOK = (facialWallMin ?? 0) > wallAbove
        let infectionOK = f.acuteInfection.map { !$0 }
        let diabetesOK = f.diabetes.map { $0 != .uncontrolled }
        let known = infectionOK != nil && diabetesOK != nil
        let immediate = wallOK && primaryStability && infectionOK == true && diabetesOK == true
        let inputs: [String: TraceValue] = [
            "acuteInfection": TraceValue(f.acuteInfection), "facialWallMinMm": TraceValue(facialWallMin),
            "boneBeyondApexMm": .number(m.boneBeyondApexMm), "ridgeWidthMm": TraceValue(ridgeMin),
            "diameterMm": .number(diameterMm), "diabetes": TraceValue(f.diabetes?.rawValue)]
        // Blocked when a missing finding is all that stands in the way.
        let blocked = !immediate && !known && wallOK && primaryStability && infectionOK != false && diabetesOK != false
        note(RuleID.reimplantImmediate, immediate ? .fired : blocked ? .blocked : .notFired, inputs)
        if blocked {
            if f.acuteInfection == nil { lack("acuteInfection") }
            if f.diabetes == nil { lack("diabetes") }
        }
        if immediate { return .immediate }
        note(RuleID.reimplantEarly, .fired, inputs)
        return .early
    }

    func healingWeeks(_ r: Recommendation.Reimplantation, _ g: Recommendation.Graft) -> Recommendation.HealingWeeks? {
        switch r {
        case .notApplicable: return nil
        case .immediate: return .init(min: 0, max: 0)
        case .early where g == .none:
            return .init(min: rules.value(RuleID.healingEarly, "minWeeks"), max: rules.value(RuleID.healingEarly, "maxWeeks"))
        case .early:
            return .init(min: rules.value(RuleID.healingGrafted, "minWeeks"), max: rules.value(RuleID.healingGrafted, "maxWeeks"))
        case .delayed where g == .stagedAugmentation || g == .simultaneousGBR:
            return .init(min: rules.value(RuleID.healingGrafted, "gbrMinWeeks"), max: rules.value(RuleID.healingGrafted, "gbrMaxWeeks"))
        case .delayed:
            return .init(min: rules.value(RuleID.healingDelayed, "minWeeks"), max: nil)
        }
    }
}
