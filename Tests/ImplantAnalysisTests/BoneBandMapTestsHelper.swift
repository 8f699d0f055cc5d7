enum BoneBandMapTestsHelper {
    /// A sector angle (0…360) on the band map's −180…180 axis.
    static func mapAngle(_ a: Double) -> Double { a >= 180 ? a - 360 : a }
}
