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

/// The scan the measurements come from.
public struct ScanDescriptor: Codable, Sendable, Equatable {
    public var source: String
    public var size: [Int]
    public var spacingMm: [Double]
    public var originMm: [Double]
    public var direction: [Double]
    public var seriesUID: String?
    public var studyDate: String?
    public var calibrated: Bool
    public var clampedVoxels: Int
    /// The scan's identity in the case store with `seriesUID`: FNV-1a 64 of its voxels, size and spacing
    /// (`ScanFingerprint`), as 16 hex digits. Present when asked for (`analyze --content-hash`, which
    /// `batch` uses, and `analyze --case`), so that `records import` knows a scan without its voxels.
    public var contentHash: String?

    public init(source: String, size: [Int], spacingMm: [Double], originMm: [Double], direction: [Double],
                seriesUID: String?, studyDate: String?, calibrated: Bool, clampedVoxels: Int, contentHash: String? = nil) {
        self.source = source
        self.size = size
        self.spacingMm = spacingMm
        self.originMm = originMm
        self.direction = direction
        self.seriesUID = seriesUID
        self.studyDate = studyDate
        self.calibrated = calibrated
        self.clampedVoxels = clampedVoxels
        self.contentHash = contentHash
    }
}

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
