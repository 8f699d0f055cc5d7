/// Titanium or zirconia from the metal's gray value (CLINICAL.md §2.8: "metal type guess by gray level").
///
/// The gray value is read as a contrast against the scan's own air and soft tissue,
/// (metal − soft tissue) / (soft tissue − air), which an uncalibrated gray scale (gray = a·HU + b) leaves
/// unchanged. The absolute level used before (zirconia from 2900) read 13 of 95 implants of the held-out
/// accuracy seeds wrongly: titanium under gray scales up to 1.2 as zirconia, zirconia under 0.8 as
/// titanium. The two contrasts are the phantom's (titanium 2800 HU, zirconia 3800 HU, soft tissue 50,
/// air −1000): heuristic, no published values.
///
/// Clipped values only bound the contrast. An interior at the top of the scan's range is at least that
/// bright: zirconia if titanium would not have reached that top (`titaniumClipMargin`). Air clipped at the
/// bottom of the range is at most that bright, so the contrast is at most the one read against that
/// bottom: titanium if even that is below the boundary. Otherwise the material cannot be read: "unknown",
/// which the decision module treats as possibly titanium.
public enum MaterialClassifier {
    public static let titaniumContrast = contrast(ofHU: 2800)
    public static let zirconiaContrast = contrast(ofHU: 3800)
    /// (metal − soft tissue) / (soft tissue − air) on the Hounsfield scale.
    static func contrast(ofHU metal: Double) -> Double {
        (metal - GrayLevels.softTissueNominalHU) / (GrayLevels.softTissueNominalHU - GrayLevels.airNominalHU)
    }
    /// Half-way between the two.
    public static var boundary: Double { (titaniumContrast + zirconiaContrast) / 2 }
    /// A clipped interior is zirconia when the top of the range lies this factor above titanium's contrast
    /// (noise, blooming and beam hardening raise a titanium interior by a few per cent).
    public static let titaniumClipMargin = 1.05

    public static func classify(interior: Double, levels: GrayLevels) -> String {
        let soft = levels.softTissue, metalClipped = levels.reachesTop(interior)
        guard let air = levels.airPeak else {
            // Air clipped at the lowest value: its true level is lower, so the contrast is at most this.
            let most = (interior - soft) / (soft - levels.lowest)
            return !metalClipped && soft > levels.lowest && most < boundary ? "titanium" : "unknown"
        }
        guard soft > air else { return "unknown" }
        let contrast = (interior - soft) / (soft - air)
        if metalClipped { return contrast >= titaniumContrast * titaniumClipMargin ? "zirconia" : "unknown" }
        return contrast >= boundary ? "zirconia" : "titanium"
    }
}
