import Foundation
import VolumeCore

/// An implant's own frame (CLINICAL.md §2.2): its axis, shoulder and apex, its surface radius along the
/// axis, and the buccal and mesial directions perpendicular to the axis.
public struct ImplantFrame: Sendable {
    public var shoulder: SIMD3<Double>
    /// Unit vector from the apex towards the shoulder.
    public var axis: SIMD3<Double>
    public var length: Double
    /// Surface radius every `radiusStep` mm of depth below the shoulder.
    public var radii: [Double]
    public var radiusStep: Double
    public var buccal: SIMD3<Double>
    public var mesial: SIMD3<Double>
    /// "high" when the arch's curve (or the user) fixed the buccal side, else "low".
    public var buccalConfidence: String
    /// Median gray value inside the metal.
    public var interiorGray: Double

    public var apex: SIMD3<Double> { shoulder - axis * length }

    public func radius(atDepth d: Double) -> Double { Self.interpolate(radii, step: radiusStep, atDepth: d) }

    /// `values`, one every `step` mm of depth from the shoulder, linearly interpolated at a depth (the end values
    /// beyond the ends).
    static func interpolate(_ values: [Double], step: Double, atDepth d: Double) -> Double {
        let x = min(max(d / step, 0), Double(values.count - 1))
        let i = Int(x), f = x - Double(i)
        return i + 1 < values.count ? values[i] * (1 - f) + values[i + 1] * f : values[i]
    }

    /// Point at a depth below the shoulder, a distance from the axis and an angle (0° buccal, 90° mesial).
    public func point(depth: Double, radius: Double, angleDeg: Double) -> SIMD3<Double> {
        let a = angleDeg * .pi / 180
        return shoulder - axis * depth + (buccal * cos(a) + mesial * sin(a)) * radius
    }

    /// Depth below the shoulder and distance from the axis of a point.
    public func depthAndRadius(_ p: SIMD3<Double>) -> (depth: Double, radius: Double) {
        (dot(shoulder - p, axis), VolumeCore.length(radialOffset(p)))
    }

    /// The point's offset from the axis, square to it.
    public func radialOffset(_ p: SIMD3<Double>) -> SIMD3<Double> {
        (p - shoulder) + axis * dot(shoulder - p, axis)
    }
}
