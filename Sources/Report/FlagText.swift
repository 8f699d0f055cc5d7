/// Plain words for the quality flags of `measurements.json`.
enum FlagText {
    static func explain(_ flag: String) -> String {
        switch flag {
        case "thinBuccalWall":
            return "A buccal wall of 1.0 mm or less: CBCT does not show such walls reliably (Domic 2020)."
        case "wallAtBoneLevel":
            return "A buccal or lingual wall is read within 0.25 mm of that side's bone level (a defect's floor or a flat crest), where the wall changes within the blur from none, or a plate across the defect, to the whole ridge: that row may read either. Trust the row below it."
        case "uncalibrated":
            return "Gray values are not calibrated HU: densities and the Misch class are indicative only."
        case "buccalDirectionUncertain":
            return "The buccal side could not be confirmed: the arch's curve did not show (the side facing anterior was taken), or the side it gives faces backwards in the patient's axes. Site names may be rotated: check the sections, or give the direction with --buccal."
        case "sectorsOutsideField":
            return "Some sectors left the field of view and were not measured."
        case "metalSaturated":
            return "The implant's gray values reach the top of the scan's range: its material may not be readable, and its edges read outward: on phantoms the diameter about 0.1 mm too large (at most 0.4 mm); the length is corrected from the shoulder's edge where that shows enough of it, else up to 0.23 mm long."
        case "cutByFieldEdge":
            return "The implant is cut by the edge of the field of view."
        default:
            return flag
        }
    }
}
