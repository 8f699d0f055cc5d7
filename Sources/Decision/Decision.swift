import Measurements

/// Decides what to do about one implant from its measurements, the clinician's findings (optional) and a rule
/// table (CLINICAL.md §4). Pure: no files, no volumes. Every rule weighed is recorded in the trace.
public enum Decision {
    public static func decide(implant m: ImplantMeasurement, findings: ClinicalFindings?,
                              rules: RuleSet = .standard) -> Recommendation {
        var d = Weighing(m: m, f: findings ?? ClinicalFindings(), hasFindings: findings != nil, rules: rules)
        return d.run()
    }
}
