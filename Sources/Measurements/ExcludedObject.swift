/// A metal object that was found but not measured as an implant.
public struct ExcludedObject: Codable, Sendable, Equatable {
    public var centerMm: [Double]
    public var volumeMm3: Double
    /// E.g. "too small for an implant", "not elongated (crown or filling)", "cut by the field of view".
    public var reason: String
    /// A quality flag when the object may well be an implant that could not be measured
    /// (`ExcludedObject.cutByFieldEdge`, `ExcludedObject.noImplantFrame`); nil for objects that are not
    /// implants (too small, too large, not elongated).
    public var flag: String?

    public static let cutByFieldEdge = "implantCutByFieldEdge"
    public static let noImplantFrame = "noImplantFrame"

    public init(centerMm: [Double], volumeMm3: Double, reason: String, flag: String? = nil) {
        self.centerMm = centerMm
        self.volumeMm3 = volumeMm3
        self.reason = reason
        self.flag = flag
    }
}
