import Measurements

/// `truth.json`: the exact measurements of a generated phantom, under the analysis output's keys.
public struct PhantomTruth: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var seed: UInt64
    public var scan: TruthScan
    /// Implants ordered by the LPS x of their shoulder (patient's right to left).
    public var implants: [ImplantMeasurement]
    /// Dense objects that are not implants (metal crowns, fillings): the analysis must report none of them.
    public var nonImplantMetalObjects: Int

    public init(seed: UInt64, scan: TruthScan, implants: [ImplantMeasurement], nonImplantMetalObjects: Int) {
        schemaVersion = Self.currentSchemaVersion
        self.seed = seed
        self.scan = scan
        self.implants = implants
        self.nonImplantMetalObjects = nonImplantMetalObjects
    }
}
