/// Severity of peri-implant bone loss as a share of the implant length (Monje 2019; Froum & Rosen 2012):
/// slight/early < 25 %, moderate 25–50 %, advanced > 50 % (CLINICAL.md §2.4, §4.1).
public enum DefectSeverity {
    public static let moderateFromPercent = 25.0
    public static let advancedAbovePercent = 50.0

    public static func classify(lossPercent: Double) -> String {
        if lossPercent <= 0 { return "none" }
        if lossPercent < moderateFromPercent { return "slight" }
        if lossPercent <= advancedAbovePercent { return "moderate" }
        return "advanced"
    }
}
