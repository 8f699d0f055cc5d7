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

/// The scan part of the truth: grid and gray-value mapping.
public struct TruthScan: Codable, Sendable, Equatable {
    public var size: [Int]
    public var spacingMm: [Double]
    public var originMm: [Double]
    public var direction: [Double]
    /// gray = HU × grayScale + grayOffset (1 and 0 for a calibrated scan).
    public var grayScale: Double
    public var grayOffset: Double
    public var bitsStored: Int
    public var rescaleIntercept: Double
    /// Voxels saturated at the ends of the stored range.
    public var saturatedVoxels: Int

    public init(size: [Int], spacingMm: [Double], originMm: [Double], direction: [Double], grayScale: Double,
                grayOffset: Double, bitsStored: Int, rescaleIntercept: Double, saturatedVoxels: Int) {
        self.size = size
        self.spacingMm = spacingMm
        self.originMm = originMm
        self.direction = direction
        self.grayScale = grayScale
        self.grayOffset = grayOffset
        self.bitsStored = bitsStored
        self.rescaleIntercept = rescaleIntercept
        self.saturatedVoxels = saturatedVoxels
    }
}
