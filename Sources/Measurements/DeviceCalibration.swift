import Foundation

/// One scanner's calibration, measured on a scan of a calibration insert: an implant in a block of bone-equivalent
/// material of known density (`implantscan calibrate`). It maps the device's gray values to HU through two
/// references, water and the insert (CLINICAL.md §1), and says how strongly the device blooms around metal
/// (CLINICAL.md §1 gives the published figures; devices differ).
public struct DeviceCalibration: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// The insert's density as its maker states it (HU).
    public var insertHU: Double
    /// The device's gray value of water (0 HU), read from the calibration scan's air and soft tissue.
    public var waterGray: Double
    /// The insert's gray value clear of the metal's blooming (the fit's intercept).
    public var insertGray: Double
    /// Multiplier of the published blooming table (1 = Benic 2013: +45 % at 0.5 mm, +28 % at 1 mm, +14 % at 2 mm),
    /// fitted on the insert's gray values around the implant.
    public var bloomingScale: Double
    /// Standard error of `bloomingScale` from the fit.
    public var bloomingScaleSE: Double
    /// Root mean square of the fit's residuals (gray values).
    public var residualGray: Double
    /// Voxel size of the calibration scan (mm), and the scan it was measured on.
    public var voxelMm: Double
    public var source: String

    public init(insertHU: Double, waterGray: Double, insertGray: Double, bloomingScale: Double, bloomingScaleSE: Double,
                residualGray: Double, voxelMm: Double, source: String) {
        schemaVersion = Self.currentSchemaVersion
        self.insertHU = insertHU
        self.waterGray = waterGray
        self.insertGray = insertGray
        self.bloomingScale = bloomingScale
        self.bloomingScaleSE = bloomingScaleSE
        self.residualGray = residualGray
        self.voxelMm = voxelMm
        self.source = source
    }

    /// HU per gray value of this device.
    public var huPerGray: Double { insertHU / (insertGray - waterGray) }

    /// A gray value of this device in HU.
    public func hu(fromGray gray: Double) -> Double { (gray - waterGray) * huPerGray }

    /// A density shell read in this device's gray values, in HU.
    public func inHU(_ shell: DensityShell) -> DensityShell {
        var s = shell
        s.mean = hu(fromGray: shell.mean)
        s.median = hu(fromGray: shell.median)
        s.p10 = hu(fromGray: shell.p10)
        s.p90 = hu(fromGray: shell.p90)
        s.sd = shell.sd * huPerGray
        return s
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case schemaVersion, insertHU, waterGray, insertGray, bloomingScale, bloomingScaleSE, residualGray, voxelMm, source
    }

    public init(from decoder: Decoder) throws {
        try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        insertHU = try c.decode(Double.self, forKey: .insertHU)
        waterGray = try c.decode(Double.self, forKey: .waterGray)
        insertGray = try c.decode(Double.self, forKey: .insertGray)
        bloomingScale = try c.decode(Double.self, forKey: .bloomingScale)
        bloomingScaleSE = try c.decode(Double.self, forKey: .bloomingScaleSE)
        residualGray = try c.decode(Double.self, forKey: .residualGray)
        voxelMm = try c.decode(Double.self, forKey: .voxelMm)
        source = try c.decode(String.self, forKey: .source)
    }

    /// A calibration file's contents (`implantscan calibrate --out`), checked.
    public static func fromJSON(_ data: Data, path: String) throws(JSONInput.Failure) -> DeviceCalibration {
        let calibration = try JSONInput.decode(DeviceCalibration.self, data, path: path)
        if let failure = calibration.validationFailure { throw JSONInput.Failure(path: path, reason: failure) }
        return calibration
    }

    /// What the calibration found, for a reader.
    public var text: String {
        func f(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
        return """
            Device calibration from \(source) (\(f(voxelMm, 2)) mm voxels)
              water (0 HU) reads \(f(waterGray, 0)), the insert (\(f(insertHU, 0)) HU) \(f(insertGray, 0)): \(f(huPerGray, 3)) HU per gray value
              blooming \(f(bloomingScale, 2)) × the published figures (± \(f(bloomingScaleSE, 2)); fit residual \(f(residualGray, 1)) gray)
            """
    }

    /// The calibration as a file holds it: pretty-printed JSON, keys sorted.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// Why these values cannot be a device's calibration; nil when they can.
    public var validationFailure: String? {
        if schemaVersion != Self.currentSchemaVersion {
            return "schemaVersion \(schemaVersion) is not \(Self.currentSchemaVersion)"
        }
        let values = [insertHU, waterGray, insertGray, bloomingScale, bloomingScaleSE, residualGray, voxelMm]
        if values.contains(where: { !$0.isFinite }) { return "a value is not a finite number" }
        if !(insertHU > 0) { return "insertHU must be above water's 0 HU" }
        if !(insertGray > waterGray) { return "insertGray must be above waterGray" }
        if !(bloomingScale >= 0) { return "bloomingScale must not be negative" }
        return nil
    }
}
