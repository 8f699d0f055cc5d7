import VolumeCore
import Foundation

/// A neighbouring tooth: a conical dentin root in the ridge and an ellipsoidal crown above the crest.
struct Tooth: Sendable {
    let metalCrown: Bool
    let fillingRadiusMm: Double
    let axisPoint: SIMD3<Double>  // on the arch at crest height
    let crownCenter: SIMD3<Double>
    let mesial: SIMD3<Double>
    let buccal: SIMD3<Double>

    /// Crown semi-axes (mesio-distal, bucco-lingual, vertical), enamel thickness, root length and radii.
    static let crownSemiAxes = SIMD3<Double>(4, 3.5, 4)
    static let enamelMm = 1.2
    static let crownHeightMm = 5.0
    static let rootLengthMm = 13.0
    static let rootRadiusMm = (top: 2.8, apex: 1.0)

    init(spec: ToothSpec, ridge: Ridge) {
        metalCrown = spec.crown == "metal"
        fillingRadiusMm = spec.fillingRadiusMm
        let arch = ridge.archFrame(angleDeg: spec.archAngleDeg, offset: 0)
        axisPoint = SIMD3(arch.point.x, arch.point.y, ridge.crest(atS: 0))
        crownCenter = axisPoint + SIMD3(0, 0, Self.crownHeightMm)
        mesial = arch.mesial
        buccal = arch.buccal
    }

    /// Position in the crown's ellipsoid, scaled so the surface is at 1.
    private func crownScaled(_ p: SIMD3<Double>) -> Double {
        let v = p - crownCenter
        let q = SIMD3(dot(v, mesial), dot(v, buccal), v.z) / Self.crownSemiAxes
        return length(q)
    }

    private var fillingCenter: SIMD3<Double> { crownCenter + SIMD3(0, 0, Self.crownSemiAxes.z - fillingRadiusMm * 0.8) }

    func tissue(at p: SIMD3<Double>) -> Tissue? {
        let e = crownScaled(p)
        if e <= 1 {
            if metalCrown { return .amalgam }
            if fillingRadiusMm > 0 && length(p - fillingCenter) <= fillingRadiusMm { return .amalgam }
            let inner = 1 - Self.enamelMm / Self.crownSemiAxes.min()
            return e > inner ? .enamel : .dentin
        }
        let depth = axisPoint.z + 0.5 - p.z
        if depth >= 0 && depth <= Self.rootLengthMm {
            let t = depth / Self.rootLengthMm
            let r = Self.rootRadiusMm.top + (Self.rootRadiusMm.apex - Self.rootRadiusMm.top) * t
            let d = p - axisPoint
            if d.x * d.x + d.y * d.y <= r * r { return .dentin }
        }
        return nil
    }

    /// Approximate distance to the nearest metal of this tooth (infinity when it has none).
    func metalDistance(_ p: SIMD3<Double>) -> Double {
        if metalCrown { return max(0, (crownScaled(p) - 1) * Self.crownSemiAxes.min()) }
        if fillingRadiusMm > 0 { return max(0, length(p - fillingCenter) - fillingRadiusMm) }
        return .infinity
    }

    /// Centre of the tooth's metal, for streaks (nil when it has none).
    var metalCenter: SIMD3<Double>? {
        metalCrown ? crownCenter : (fillingRadiusMm > 0 ? fillingCenter : nil)
    }

    var boundingRadius: Double { Self.rootLengthMm + Self.crownHeightMm + Self.crownSemiAxes.max() }
}
