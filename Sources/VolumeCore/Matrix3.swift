/// A 3×3 matrix stored as three columns; used for direction cosines.
public struct Matrix3: Sendable, Equatable, Codable {
    public var columns: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)

    public init(columns c0: SIMD3<Double>, _ c1: SIMD3<Double>, _ c2: SIMD3<Double>) {
        columns = (c0, c1, c2)
    }

    public static let identity = Matrix3(columns: [1, 0, 0], [0, 1, 0], [0, 0, 1])

    public var transposed: Matrix3 {
        let (a, b, c) = columns
        return Matrix3(columns: [a.x, b.x, c.x], [a.y, b.y, c.y], [a.z, b.z, c.z])
    }

    @inlinable
    public static func * (m: Matrix3, v: SIMD3<Double>) -> SIMD3<Double> {
        m.columns.0 * v.x + m.columns.1 * v.y + m.columns.2 * v.z
    }

    /// Largest absolute difference between entries.
    public func maxDifference(from other: Matrix3) -> Double {
        max(maxAbs(columns.0 - other.columns.0), maxAbs(columns.1 - other.columns.1),
            maxAbs(columns.2 - other.columns.2))
    }

    /// Entries column by column (x axis, then y, then z).
    public var columnMajor: [Double] {
        [columns.0.x, columns.0.y, columns.0.z, columns.1.x, columns.1.y, columns.1.z,
         columns.2.x, columns.2.y, columns.2.z]
    }

    public static func == (a: Matrix3, b: Matrix3) -> Bool {
        a.columns.0 == b.columns.0 && a.columns.1 == b.columns.1 && a.columns.2 == b.columns.2
    }

    private enum CodingKeys: String, CodingKey { case columns }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let v = try c.decode([SIMD3<Double>].self, forKey: .columns)
        guard v.count == 3 else {
            throw DecodingError.dataCorruptedError(forKey: .columns, in: c, debugDescription: "need 3 columns")
        }
        self.init(columns: v[0], v[1], v[2])
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode([columns.0, columns.1, columns.2], forKey: .columns)
    }
}

/// Cross product of two 3-vectors.
@inlinable
public func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

/// Dot product of two 3-vectors.
@inlinable
public func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }

/// Euclidean length of a 3-vector.
@inlinable
public func length(_ a: SIMD3<Double>) -> Double { dot(a, a).squareRoot() }

/// Largest absolute component of a vector.
@inlinable
public func maxAbs<V: SIMD>(_ v: V) -> V.Scalar where V.Scalar: FloatingPoint {
    var m = V.Scalar.zero
    for i in v.indices { m = max(m, abs(v[i])) }
    return m
}
