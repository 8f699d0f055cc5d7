/// The Albrektsson 1986 success criterion on one site: less than 1.5 mm of bone loss in the first year,
/// then less than 0.2 mm per year (CLINICAL.md §4.1).
public struct AlbrektssonResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case met, notMet = "not-met", notAssessable = "not-assessable" }

    public static let yearOneLimitMm = 1.5
    public static let annualLimitMmPerYear = 0.2

    public var status: Status
    /// Loss from the first scan to the end of year one (interpolated between the scans around it), when in the record.
    public var yearOneLossMm: Double?
    /// Rate from the end of year one (or the first scan, when it is later) to the last scan.
    public var rateAfterYearOneMmPerYear: Double?
    public var note: String

    /// - Parameters:
    ///   - points: (years since the first scan, bone level) in date order; the first is the baseline.
    ///   - yearsPlacedBeforeFirst: years from placement to the first scan when the placement date is known.
    ///     Year one counts from placement; without a placement date, from the first scan (taken at loading).
    public static func evaluate(_ points: [(years: Double, level: Double)], yearsPlacedBeforeFirst: Double?) -> AlbrektssonResult {
        guard points.count >= 2, let first = points.first, let last = points.last, last.years > 0 else {
            return AlbrektssonResult(status: .notAssessable, yearOneLossMm: nil, rateAfterYearOneMmPerYear: nil,
                                     note: "needs two scans at different dates")
        }
        let endOfYearOne = 1 - max(0, yearsPlacedBeforeFirst ?? 0)
        var yearOneLoss: Double?
        var levelAtYearOne = first.level, startOfAnnual = 0.0
        if endOfYearOne > 0 {
            if last.years <= endOfYearOne {
                yearOneLoss = last.level - first.level
            } else {
                let after = points.firstIndex { $0.years > endOfYearOne }!
                let p0 = points[after - 1], p1 = points[after]
                let f = (endOfYearOne - p0.years) / (p1.years - p0.years)
                levelAtYearOne = p0.level + f * (p1.level - p0.level)
                yearOneLoss = levelAtYearOne - first.level
                startOfAnnual = endOfYearOne
            }
        }
        let rate: Double? = last.years > max(0, endOfYearOne) ? (last.level - levelAtYearOne) / (last.years - startOfAnnual) : nil
        let yearOneOK = yearOneLoss.map { $0 < yearOneLimitMm }
        let rateOK = rate.map { $0 < annualLimitMmPerYear }
        let failed = yearOneOK == false || rateOK == false
        let note: String
        if endOfYearOne <= 0 { note = "year one precedes the first scan: annual rate only" }
        else if rate == nil { note = "record ends within year one" }
        else { note = yearsPlacedBeforeFirst == nil ? "year one counted from the first scan" : "year one counted from placement" }
        return AlbrektssonResult(status: failed ? .notMet : .met, yearOneLossMm: yearOneLoss, rateAfterYearOneMmPerYear: rate, note: note)
    }
}
