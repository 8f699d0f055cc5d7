/// Misch bone density classes from a mean gray value in HU (CLINICAL.md §2.6; Misch 1990).
/// Indicative only when the scan is not calibrated (CBCT gray values are not HU; Nagata 2024).
public enum MischDensity {
    /// Lower bounds (HU) of D1, D2, D3 and D4; below D4's bound is D5.
    public static let d1LowerHU = 1250.0
    public static let d2LowerHU = 850.0
    public static let d3LowerHU = 350.0
    public static let d4LowerHU = 150.0

    public static func classify(meanHU: Double) -> String {
        if meanHU > d1LowerHU { return "D1" }
        if meanHU >= d2LowerHU { return "D2" }
        if meanHU >= d3LowerHU { return "D3" }
        if meanHU >= d4LowerHU { return "D4" }
        return "D5"
    }
}
