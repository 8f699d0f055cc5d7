import Foundation

/// The recommendation in one plain sentence.
enum RecommendationSentence {
    static func make(_ r: Recommendation, lossMm: Double, lossPercent: Double) -> String {
        let loss = String(format: "%.1f mm (%.0f %% of the length)", lossMm, lossPercent)
        let diagnosis: String
        switch r.diagnosis {
        case .health: diagnosis = "Peri-implant health"
        case .mucositis: diagnosis = "Peri-implant mucositis"
        case .periimplantitis: diagnosis = "\(r.severity.rawValue.capitalized) peri-implantitis"
        case .undetermined: diagnosis = "Diagnosis undetermined"
        }
        var s = "\(diagnosis) with \(loss) bone loss (ICOI \(r.outcome.rawValue))"
        switch r.treatment {
        case .maintenance: s += ": maintenance and monitoring"
        case .nonsurgical: s += ": non-surgical treatment first"
        case .surgicalRegenerative: s += ": surgical regenerative treatment of the intrabony defect"
        case .surgicalResective: s += ": resective surgery with implantoplasty"
        case .explant:
            s += ": remove the implant"
            let weeks = r.healingWeeks.map { h in
                h.max.map { $0 == h.min ? "\(Int(h.min)) weeks" : "\(Int(h.min))–\(Int($0)) weeks" } ?? "more than \(Int(h.min)) weeks"
            } ?? ""
            switch r.reimplantation {
            case .immediate: s += " and place a new one at the same visit"
            case .early: s += " and place a new one early (after \(weeks))"
            case .delayed: s += " and place a new one delayed (after \(weeks)), expecting the ridge to lose 1–2 mm vertically "
                + "and 4–5 mm horizontally"
            case .notApplicable: break
            }
            switch r.graft {
            case .none: break
            case .gapFill: s += ", filling the gap to the wall"
            case .simultaneousGBR: s += ", with guided bone regeneration at the same time"
            case .stagedAugmentation: s += ", after a staged ridge augmentation"
            }
        }
        if r.diagnosis == .undetermined && r.treatment != .explant { s += " (provisional)" }
        if !r.missingInputs.isEmpty { s += "; missing: \(r.missingInputs.joined(separator: ", "))" }
        return s + "."
    }
}
