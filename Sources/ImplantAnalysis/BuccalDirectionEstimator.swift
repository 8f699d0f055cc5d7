import Foundation
import VolumeCore

/// The buccal and mesial directions at an implant, from the curve of the dental arch (CLINICAL.md §2.2).
///
/// Bone around the implant is sampled in planes perpendicular to its axis. The bone band's long axis
/// is the arch's local tangent. The band's mid-line (half-way between its buccal and lingual edges,
/// away from the implant, whose hole and any defect would bias it) is fitted with a parabola, which
/// bends towards the arch's centre: the lingual side. Mesial is the tangent direction towards the midline, taken as the line through
/// the arch's centre towards anterior (−y in LPS).
enum BuccalDirectionEstimator {
    /// Half-size of the sampled square and its step (mm); only the band within `fitReachMm` of the
    /// implant along the tangent is fitted, so that the square's edges never cut the band's edges.
    static let reachMm = 16.0
    static let fitReachMm = 10.0
    static let stepMm = 0.5
    /// The arch is taken as curved (high confidence) when the fitted parabola bends this much over the
    /// sampled band's half-length.
    static let minimumSagittaMm = 0.4

    static func estimate(volume: Volume<Int16>, levels: GrayLevels, shoulder: SIMD3<Double>, axis: SIMD3<Double>,
                         length: Double, radii: [Double], radiusStep: Double, override: SIMD3<Double>?)
        -> (buccal: SIMD3<Double>, mesial: SIMD3<Double>, confidence: String)
    {
        let (a, b) = ImplantFrameEstimator.perpendicularBasis(axis)
        func radius(_ d: Double) -> Double { radii[min(radii.count - 1, max(0, Int((d / radiusStep).rounded())))] }
        var points: [SIMD2<Double>] = []
        // Tangent positions (1 mm bins) where part of the sampled square fell outside the scan: the
        // band's edges there are the field's, not the ridge's.
        var clipped: [SIMD2<Double>] = []
        // Deep planes (from three quarters of the length to just past the apex): defects, which reach at
        // most the coronal 60 %, do not cut the band's edges there.
        for fraction in [0.75, 0.9, 1.05] {
            let d = length * fraction, r0 = fraction > 1 ? 0 : radius(d)
            let center = shoulder - axis * d
            var y = -reachMm
            while y <= reachMm {
                var x = -reachMm
                while x <= reachMm {
                    let rho = (x * x + y * y).squareRoot()
                    if rho > r0 + 1.5 {
                        if let v = volume.sample(atPoint: center + a * x + b * y) {
                            let corrected = BloomingModel.corrected(v, distance: rho - r0)
                            if corrected >= levels.boneThreshold && v < levels.metalThreshold { points.append(SIMD2(x, y)) }
                        } else {
                            clipped.append(SIMD2(x, y))
                        }
                    }
                    x += stepMm
                }
                y += stepMm
            }
        }
        // Principal direction of the bone band in the plane: the arch tangent.
        var tangent2 = SIMD2<Double>(1, 0)
        var curvature = 0.0
        if points.count >= 20 {
            let mean = points.reduce(SIMD2<Double>.zero, +) / Double(points.count)
            var sxx = 0.0, sxy = 0.0, syy = 0.0
            for p in points {
                let d = p - mean
                sxx += d.x * d.x; sxy += d.x * d.y; syy += d.y * d.y
            }
            let angle = 0.5 * atan2(2 * sxy, sxx - syy)
            tangent2 = SIMD2(cos(angle), sin(angle))
            curvature = parabolaCurvature(midline(points, tangent: tangent2, clearOf: (radii.max() ?? 2.5) + 2,
                                                  clipped: clipped), tangent: tangent2)
        }
        let normal2 = SIMD2(-tangent2.y, tangent2.x)
        let tangent = a * tangent2.x + b * tangent2.y
        let normal = a * normal2.x + b * normal2.y
        // The arch bends towards its centre: the lingual side is +normal when the curvature is positive.
        var buccal = curvature >= 0 ? -normal : normal
        var confidence = "low"
        if points.count >= 20 {
            let ts = points.map { dot($0, tangent2) }
            let half = ((ts.max() ?? 0) - (ts.min() ?? 0)) / 2
            if abs(curvature) * half * half >= minimumSagittaMm { confidence = "high" }
        }
        if curvature == 0 { confidence = "low" }
        if let given = override {
            let projected = given - axis * dot(given, axis)
            if VolumeCore.length(projected) > 1e-6 { buccal = projected / VolumeCore.length(projected); confidence = "high" }
        }
        // Mesial: the tangent direction towards the midline.
        let radiusOfArch = abs(curvature) > 1e-6 ? 1 / (2 * abs(curvature)) : 1e6
        let centre = shoulder - buccal * radiusOfArch
        var anterior = SIMD3<Double>(0, -1, 0) - axis * dot(SIMD3<Double>(0, -1, 0), axis)
        anterior = VolumeCore.length(anterior) > 1e-6 ? anterior / VolumeCore.length(anterior) : buccal
        let offset = shoulder - centre
        let lateral = offset - anterior * dot(offset, anterior)
        var mesial = tangent - buccal * dot(tangent, buccal)
        mesial /= VolumeCore.length(mesial)
        if dot(mesial, lateral) > 0 { mesial = -mesial }
        return (buccal, mesial, confidence)
    }

    /// Mid-points of the band's edges in 1 mm bins along the tangent, leaving out the bins within
    /// `clearOf` mm of the implant and those the field of view cut.
    static func midline(_ points: [SIMD2<Double>], tangent: SIMD2<Double>, clearOf: Double,
                        clipped: [SIMD2<Double>]) -> [SIMD2<Double>] {
        let normal = SIMD2(-tangent.y, tangent.x)
        let clippedBins = Set(clipped.map { Int(dot($0, tangent).rounded(.down)) })
        var edges: [Int: (lo: Double, hi: Double)] = [:]
        for p in points {
            let t = dot(p, tangent), n = dot(p, normal)
            guard abs(t) > clearOf, abs(t) <= fitReachMm, !clippedBins.contains(Int(t.rounded(.down))) else { continue }
            let bin = Int((t).rounded(.down))
            let e = edges[bin] ?? (n, n)
            edges[bin] = (min(e.lo, n), max(e.hi, n))
        }
        return edges.keys.sorted().map { bin in
            let e = edges[bin]!
            return tangent * (Double(bin) + 0.5) + normal * ((e.lo + e.hi) / 2)
        }
    }

    /// γ of the least-squares fit n = α + β t + γ t² across the band (t along the tangent).
    static func parabolaCurvature(_ points: [SIMD2<Double>], tangent: SIMD2<Double>) -> Double {
        let normal = SIMD2(-tangent.y, tangent.x)
        var s = [Double](repeating: 0, count: 5), r = [Double](repeating: 0, count: 3)
        for p in points {
            let t = dot(p, tangent), n = dot(p, normal)
            var tp = 1.0
            for k in 0..<5 { s[k] += tp; if k < 3 { r[k] += tp * n }; tp *= t }
        }
        // Normal equations [s0 s1 s2; s1 s2 s3; s2 s3 s4] (α β γ) = (r0 r1 r2), solved by Cramer's rule.
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]]
        let d = det(m)
        guard abs(d) > 1e-12 else { return 0 }
        let mg = [[s[0], s[1], r[0]], [s[1], s[2], r[1]], [s[2], s[3], r[2]]]
        return det(mg) / d
    }
}

@inline(__always) func dot(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double { (a * b).sum() }
