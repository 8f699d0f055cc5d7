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
    /// The scanner calibration the density shells were read with (`analyze --calibration`): its blooming divided out
    /// of them and their values mapped to HU. Bone levels do not depend on it. Absent without one.
    public var deviceCalibration: DeviceCalibration?

    public init(source: String, size: [Int], spacingMm: [Double], originMm: [Double], direction: [Double],
                seriesUID: String?, studyDate: String?, calibrated: Bool, clampedVoxels: Int, contentHash: String? = nil,
                deviceCalibration: DeviceCalibration? = nil) {
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
        self.deviceCalibration = deviceCalibration
    }
}
