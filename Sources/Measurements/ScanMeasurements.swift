/// `measurements.json`: everything the analysis measured in one scan.
public struct ScanMeasurements: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var scan: ScanDescriptor
    /// Gray value above which voxels were taken as metal.
    public var metalThresholdHU: Double
    /// Implants, ordered by the LPS x of their shoulder (patient's right to left).
    public var implants: [ImplantMeasurement]
    /// Dense objects that were not measured as implants, with the reason (crowns, fillings, cut by the field).
    public var excluded: [ExcludedObject]
    public var notes: [String]

    public init(scan: ScanDescriptor, metalThresholdHU: Double, implants: [ImplantMeasurement],
                excluded: [ExcludedObject], notes: [String]) {
        schemaVersion = Self.currentSchemaVersion
        self.scan = scan
        self.metalThresholdHU = metalThresholdHU
        self.implants = implants
        self.excluded = excluded
        self.notes = notes
    }
}
