import Foundation
import VolumeCore

/// The geometry and calibration of a PNG stack, read from `geometry.json` in the stack's folder.
///
/// ```json
/// { "spacingMm": [0.2, 0.2, 0.25], "originMm": [-40, -30, 10],
///   "direction": [1, 0, 0,  0, 1, 0,  0, 0, 1],
///   "rescaleSlope": 1, "rescaleIntercept": -1024, "units": "HU" }
/// ```
/// Only `spacingMm` is required. `direction` holds the x, y and z index axes as LPS unit vectors,
/// column by column. Unknown keys are refused so that a misspelt key cannot be ignored silently.
/// Decoding validates the values; see `docs/png-stack.md`.
public struct GeometrySidecar: Codable, Sendable, Equatable {
    /// The sidecar's file name inside the stack's folder.
    public static let fileName = "geometry.json"
    /// Largest accepted deviation of `direction` from orthonormal (entries of DᵀD − I). Looser than
    /// `VolumeGeometry.tolerance` because hand-written sidecars round their cosines (e.g. 0.7071).
    public static let directionTolerance = 1e-4

    /// Voxel size along x, y, z in mm.
    public var spacingMm: SIMD3<Double>
    /// LPS position (mm) of the centre of voxel (0, 0, 0): the first pixel of the first slice.
    public var originMm: SIMD3<Double>
    /// Index axes as LPS unit vectors (columns).
    public var direction: Matrix3
    /// HU = stored value × slope + intercept.
    public var rescaleSlope: Double
    public var rescaleIntercept: Double
    /// What the rescaled values mean, e.g. "HU" or "uncalibrated"; nil when the sidecar does not say.
    public var units: String?

    public init(spacingMm: SIMD3<Double>, originMm: SIMD3<Double> = .zero, direction: Matrix3 = .identity,
                rescaleSlope: Double = 1, rescaleIntercept: Double = 0, units: String? = nil) {
        self.spacingMm = spacingMm
        self.originMm = originMm
        self.direction = direction
        self.rescaleSlope = rescaleSlope
        self.rescaleIntercept = rescaleIntercept
        self.units = units
    }

    /// The volume geometry, with `spacing` (e.g. from `--spacing`) replacing the sidecar's when given.
    public func geometry(spacingOverride spacing: SIMD3<Double>? = nil) -> VolumeGeometry {
        VolumeGeometry(spacing: spacing ?? spacingMm, origin: originMm, direction: direction)
    }

    /// Why the values cannot describe a volume, or nil when they can.
    public var validationFailure: String? {
        if !(spacingMm.x > 0 && spacingMm.y > 0 && spacingMm.z > 0) || !Self.isFinite(spacingMm) {
            return "spacingMm must be three positive numbers, found \(Self.list(spacingMm))"
        }
        if !Self.isFinite(originMm) { return "originMm must be three finite numbers" }
        let columns = [direction.columns.0, direction.columns.1, direction.columns.2]
        if !columns.allSatisfy(Self.isFinite) { return "direction must be nine finite numbers" }
        var largestError = 0.0
        for i in 0..<3 {
            for j in 0..<3 {
                largestError = max(largestError, abs(dot(columns[i], columns[j]) - (i == j ? 1 : 0)))
            }
        }
        if largestError > Self.directionTolerance {
            return "direction is not orthonormal (its columns must be unit vectors at right angles; "
                + "off by \(largestError), tolerance \(Self.directionTolerance))"
        }
        if !rescaleSlope.isFinite || rescaleSlope == 0 { return "rescaleSlope must be a non-zero number" }
        if !rescaleIntercept.isFinite { return "rescaleIntercept must be a finite number" }
        if let units, units.trimmingCharacters(in: .whitespaces).isEmpty { return "units must not be empty" }
        return nil
    }

    /// Reads and validates the sidecar at `path`.
    public static func load(path: String) throws(ScanLoadError) -> GeometrySidecar {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: oneLine(error.localizedDescription))
        }
        return try decode(data, path: path)
    }

    /// Decodes and validates sidecar JSON; errors are `ScanLoadError.invalidSidecar` naming `path`.
    public static func decode(_ data: Data, path: String) throws(ScanLoadError) -> GeometrySidecar {
        do {
            return try JSONDecoder().decode(GeometrySidecar.self, from: data)
        } catch let error as DecodingError {
            throw .invalidSidecar(path: path, reason: reason(for: error))
        } catch {
            throw .invalidSidecar(path: path, reason: oneLine(String(describing: error)))
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case spacingMm, originMm, direction, rescaleSlope, rescaleIntercept, units
    }

    /// Any key, to list the keys a sidecar holds.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    public init(from decoder: Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        let unknown = keys.filter { CodingKeys(stringValue: $0) == nil }.sorted()
        if !unknown.isEmpty {
            let known = CodingKeys.allCases.map(\.stringValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown key(s) \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")) (known: \(known))"))
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let spacing = try Self.numbers(c, .spacingMm, count: 3)
        let origin = try Self.numbers(c, .originMm, count: 3, default: [0, 0, 0])
        let d = try Self.numbers(c, .direction, count: 9, default: Matrix3.identity.columnMajor)
        self.init(
            spacingMm: SIMD3(spacing[0], spacing[1], spacing[2]),
            originMm: SIMD3(origin[0], origin[1], origin[2]),
            direction: Matrix3(columns: SIMD3(d[0], d[1], d[2]), SIMD3(d[3], d[4], d[5]), SIMD3(d[6], d[7], d[8])),
            rescaleSlope: try c.decodeIfPresent(Double.self, forKey: .rescaleSlope) ?? 1,
            rescaleIntercept: try c.decodeIfPresent(Double.self, forKey: .rescaleIntercept) ?? 0,
            units: try c.decodeIfPresent(String.self, forKey: .units))
        if let failure = validationFailure {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: failure))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode([spacingMm.x, spacingMm.y, spacingMm.z], forKey: .spacingMm)
        try c.encode([originMm.x, originMm.y, originMm.z], forKey: .originMm)
        try c.encode(direction.columnMajor, forKey: .direction)
        try c.encode(rescaleSlope, forKey: .rescaleSlope)
        try c.encode(rescaleIntercept, forKey: .rescaleIntercept)
        try c.encodeIfPresent(units, forKey: .units)
    }

    /// An array of exactly `count` numbers under `key`; `fallback` when the key is absent (required if nil).
    private static func numbers(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, count: Int,
                                default fallback: [Double]? = nil) throws -> [Double] {
        let values: [Double]
        if let fallback {
            values = try c.decodeIfPresent([Double].self, forKey: key) ?? fallback
        } else {
            values = try c.decode([Double].self, forKey: key)
        }
        guard values.count == count else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "must hold \(count) numbers, found \(values.count)")
        }
        return values
    }

    /// A one-line reason for a decoding error, naming the key at fault.
    private static func reason(for error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, _):
            return "missing \"\(key.stringValue)\""
        case let .typeMismatch(_, context):
            return located(context, context.codingPath.isEmpty ? "expected a JSON object" : "wrong type")
        case let .valueNotFound(_, context):
            return located(context, "null where a value is needed")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty, context.underlyingError != nil { return "not valid JSON" }
            return located(context, context.debugDescription)
        @unknown default:
            return oneLine(String(describing: error))
        }
    }

    /// "key[index]: problem", or the problem alone at the top level.
    private static func located(_ context: DecodingError.Context, _ problem: String) -> String {
        let path = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            .joined()
        return oneLine(path.isEmpty ? problem : "\"\(path)\": \(problem)")
    }

    private static func isFinite(_ v: SIMD3<Double>) -> Bool { v.x.isFinite && v.y.isFinite && v.z.isFinite }

    private static func list(_ v: SIMD3<Double>) -> String { "[\(v.x), \(v.y), \(v.z)]" }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
