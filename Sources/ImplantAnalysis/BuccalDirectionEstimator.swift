import Foundation
import VolumeCore

/// The buccal and mesial directions at an implant, from the curve of the dental arch (CLINICAL.md §2.2).
///
/// Bone around the implant is sampled in deep planes perpendicular to its axis (`planeFractions`), where
/// defects (at most the coronal 60 %) do not cut the band. Each of the band's two edges, as far as the field
/// of view leaves it whole, is fitted with a parabola in each plane (`edgeLines`, `robustFit`):
///
/// - the fits' slope at the implant turns the first guess, the principal axis of the bone near the
///   implant, into the tangent at the implant (refitted `tangentRefits` times), and the slope's trend with
///   depth carries it up to the shoulder's level (`shoulderSlope`): the arch there, where the sites are read;
/// - their bend points to the arch's centre: the lingual side. The side is "high" confidence when every
///   fit bends the same way and the bend over the fitted stretch is at least `minimumSagittaMm`.
///
/// When the bend does not decide, the side is the one facing anterior (−y in LPS): on an arch the
/// buccal side faces forwards of lateral at every tooth, so this holds for a scan taken in the usual
/// head orientation, and the confidence is "low". Mesial is the tangent direction towards the midline.
enum BuccalDirectionEstimator {
    /// Half-size of the sampled square and its step (mm).
    static let reachMm = 16.0
    static let stepMm = 0.5
    /// The first guess of the tangent uses the bone within this distance (mm) of the axis.
    static let guessReachMm = 10.0
    /// Width of the bins along the band (mm).
    static let binMm = 1.0
    /// Samples this close (mm) to the implant's surface are not read: metal and its worst blooming.
    static let holeMarginMm = 1.5
    /// Across the band, bone samples separated by a gap wider than this (mm) form separate groups, and
    /// groups of fewer than `minimumGroupSamples` are left out: noise above the bone threshold in soft tissue.
    static let groupGapMm = 1.0
    static let minimumGroupSamples = 4
    /// An edge of the band is cut by the field of view where a sample outside the scan lies within this
    /// distance (mm) of it.
    static let fieldMarginMm = 1.0
    /// Edge points farther than this (mm) from an edge's first fit are dropped and the edge refitted:
    /// another implant's hole or a tooth beside the band moves an edge.
    static let outlierMm = 1.0
    /// An edge's fit needs this many bins on each side of the implant and this many in all: with fewer on one
    /// side the slope at the implant is an extrapolation (one bin allowed: up to 11° off, seed 117 #1, an
    /// implant 3.4 mm from the field's edge; two: 4.7° at most on seeds 1–120).
    static let minimumBinsPerSide = 2
    static let minimumBins = 6
    /// The arch is taken as curved when the fitted parabolas bend this much (mm) over the fitted stretch's
    /// half-length (an arch of 25 mm radius bends 1.3 mm over 8 mm).
    static let minimumSagittaMm = 0.4
    /// Times the tangent is turned by the fitted slope and the edges read again along it.
    static let tangentRefits = 2
    /// The planes, as fractions of the implant's length below the shoulder: from the deepest a defect reaches
    /// to a fifth of the length beyond the apex.
    static let planeFractions = [0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]
    /// An edge's slope is carried to the shoulder only from this many planes, and only when it follows a
    /// straight line in depth within this residual standard deviation (slope units: 0.015 ≈ 0.9°) and bends
    /// the same way in every plane: an edge the field's boundary, a tooth or another implant disturbs in some
    /// planes jumps or bends back (seed 97 #0: one edge's slope went from −0.14 to +0.08 between two planes).
    static let minimumTrendPlanes = 3
    static let trendResidualMax = 0.015
    /// Two steady edges whose mean slopes differ by more than this (≈ 2.9°), or that bend opposite ways, are
    /// not the two sides of one arch at the implant: the one read in more planes (then over the longer
    /// stretch) is kept. Seeds 117 #1 and 179 #1: one edge ran 0.1–0.2 off the other, and the mean of both
    /// put the buccal direction 4° off.
    static let sideAgreement = 0.05
    /// A side from the bend is "low" confidence when it faces this far back: its component along anterior
    /// below −0.5 (more than 120° from anterior), which no tooth's buccal side does.
    static let posteriorLimit = -0.5

    static func estimate(volume: Volume<Int16>, levels: GrayLevels, shoulder: SIMD3<Double>, axis: SIMD3<Double>,
                         length: Double, radii: [Double], radiusStep: Double, override: SIMD3<Double>?)
        -> (buccal: SIMD3<Double>, mesial: SIMD3<Double>, confidence: String)
    {
        let (a, b) = ImplantFrameEstimator.perpendicularBasis(axis)
        let planes = samplePlanes(volume: volume, levels: levels, shoulder: shoulder, axis: axis, basis: (a, b),
                                  length: length, radii: radii, radiusStep: radiusStep)
        let arch = archFit(planes: planes)

        let tangent = a * arch.tangent.x + b * arch.tangent.y
        let normal = a * arch.normal.x + b * arch.normal.y
        var anterior = SIMD3<Double>(0, -1, 0) - axis * dot(SIMD3<Double>(0, -1, 0), axis)
        anterior = VolumeCore.length(anterior) > 1e-6 ? anterior / VolumeCore.length(anterior) : SIMD3(0, 0, 0)
        var (buccal, confidence) = side(normal: normal, bend: arch.bend, anterior: anterior)
        if let given = override {
            let projected = given - axis * dot(given, axis)
            if VolumeCore.length(projected) > 1e-6 { buccal = projected / VolumeCore.length(projected); confidence = "high" }
        }
        // Mesial: along the tangent, towards the midline, which lies opposite the buccal side's lateral part.
        let lateral = buccal - anterior * dot(buccal, anterior)
        var mesial = tangent - buccal * dot(tangent, buccal)
        mesial /= VolumeCore.length(mesial)
        if dot(mesial, lateral) > 0 { mesial = -mesial }
        return (buccal, mesial, confidence)
    }

    /// Bone on a `stepMm` grid over ±`reachMm` in the deep planes (at `planeFractions` of the length below the
    /// shoulder, in-plane coordinates along `basis`): blooming divided out, metal and the hole of
    /// `holeMarginMm` beyond the body's radius left out; and the grid positions outside the scan.
    static func samplePlanes(volume: Volume<Int16>, levels: GrayLevels, shoulder: SIMD3<Double>, axis: SIMD3<Double>,
                             basis: (SIMD3<Double>, SIMD3<Double>), length: Double, radii: [Double],
                             radiusStep: Double) -> [Plane] {
        let (a, b) = basis, water = levels.water
        func radius(_ d: Double) -> Double { radii[min(radii.count - 1, max(0, Int((d / radiusStep).rounded())))] }
        return planeFractions.map { fraction in
            let d = length * fraction, r0 = fraction > 1 ? 0 : radius(d)
            let center = shoulder - axis * d
            var bone: [SIMD2<Double>] = [], outside: [SIMD2<Double>] = []
            var y = -reachMm
            while y <= reachMm {
                var x = -reachMm
                while x <= reachMm {
                    let rho = (x * x + y * y).squareRoot()
                    if let v = volume.sample(atPoint: center + a * x + b * y) {
                        if rho > r0 + holeMarginMm {
                            let corrected = BloomingModel.corrected(v, distance: rho - r0, water: water)
                            if corrected >= levels.boneThreshold && v < levels.metalThreshold { bone.append(SIMD2(x, y)) }
                        }
                    } else {
                        outside.append(SIMD2(x, y))
                    }
                    x += stepMm
                }
                y += stepMm
            }
            return Plane(bone: bone, outside: outside, holeRadius: r0 + holeMarginMm, depth: d)
        }
    }

    /// The buccal side of the band: away from the bend's centre (the bend's centre lies on +`normal` when
    /// the bend is positive), "high" unless that faces back (`posteriorLimit`); without a bend, the side
    /// facing `anterior`, "low".
    static func side(normal: SIMD3<Double>, bend: Double?, anterior: SIMD3<Double>) -> (buccal: SIMD3<Double>, confidence: String) {
        guard let bend else { return (dot(normal, anterior) > 0 ? normal : -normal, "low") }
        let buccal = bend > 0 ? -normal : normal
        return (buccal, dot(buccal, anterior) >= posteriorLimit ? "high" : "low")
    }

    /// The arch in the plane basis: its tangent and normal at the implant, and its bend (the parabola's
    /// curvature in the normal's direction, 1/mm) when every edge fit agrees on its sign and it is
    /// large enough to trust.
    struct ArchFit: Equatable {
        var tangent: SIMD2<Double>
        var normal: SIMD2<Double> { BuccalDirectionEstimator.normal(of: tangent) }
        var bend: Double?
    }

    /// Bone samples in one plane perpendicular to the axis (in-plane mm, the axis at the origin), read
    /// outside a hole of `holeRadius` mm around the axis, and the positions that fell outside the scan
    /// (a tilted plane can leave it through the field's top or bottom near the implant); `depth` mm below
    /// the shoulder.
    struct Plane {
        var bone: [SIMD2<Double>]
        var outside: [SIMD2<Double>]
        var holeRadius: Double
        var depth: Double = 0
    }

    /// One edge's parabola in one plane: which edge (`side` 0 the lower n, 1 the upper), the plane's depth,
    /// and the half-length of the stretch it was fitted over.
    struct EdgeFit {
        var parabola: Parabola
        var halfLength: Double
        var depth: Double
        var side: Int
    }

    /// Fits the arch to bone sampled in planes around the implant.
    static func archFit(planes: [Plane]) -> ArchFit {
        let all = planes.flatMap(\.bone)
        guard all.count >= 20 else { return ArchFit(tangent: SIMD2(1, 0), bend: nil) }
        // First guess: the principal axis of the bone near the implant. Farther out the arch's bend and the
        // field's edges tilt it (the chord of the visible band).
        let near = all.filter { dot($0, $0) <= guessReachMm * guessReachMm }
        var tangent = principalAxis(near.count >= 20 ? near : all)
        var fits: [EdgeFit] = []
        for refit in 0...tangentRefits {
            fits = planes.flatMap { plane in
                edgeLines(plane, tangent: tangent).enumerated().compactMap { side, line in
                    robustFit(line.points).map { EdgeFit(parabola: $0, halfLength: line.halfLength, depth: plane.depth, side: side) }
                }
            }
            guard !fits.isEmpty else { return ArchFit(tangent: tangent, bend: nil) }
            guard refit < tangentRefits else { break }
            // The edges' slope at the implant is the tangent's turn from the guess.
            tangent = turned(tangent, bySlope: meanSlope(fits))
        }
        if let slope = shoulderSlope(fits) { tangent = turned(tangent, bySlope: slope) }
        let bends = fits.map(\.parabola.curvature)
        let mean = bends.reduce(0, +) / Double(bends.count)
        let agree = fits.count >= 2 && (bends.allSatisfy { $0 > 0 } || bends.allSatisfy { $0 < 0 })
        let halfLength = fits.reduce(0) { $0 + $1.halfLength } / Double(fits.count)
        let curved = abs(mean) * halfLength * halfLength >= minimumSagittaMm
        return ArchFit(tangent: tangent, bend: agree && curved ? mean : nil)
    }

    /// The band's slope at the shoulder's level, from the edges' slopes at the axis in planes at several depths.
    ///
    /// The planes are perpendicular to the axis. Where the implant is tilted along the arch, the axis meets
    /// each deeper plane at a point further along the arch, and on a curved arch the tangent turns with it:
    /// the slope changes linearly with depth, by twice the bend times the tilt's tangent per mm. Read in
    /// planes at 0.75–1.05 of the length, the buccal direction was that of the arch 10 mm below the shoulder,
    /// 0.38° off per degree of mesial tilt (seeds 1–200: MAE 1.8°, worst 6.8°), and a half moat's mesial end
    /// read a sector early (seed 102 #0, 8.5° of tilt: the mesial site 2 mm short). The steady edges
    /// (`minimumTrendPlanes`, `trendResidualMax`, `sideAgreement`) give the trend, pooled within each edge,
    /// and the mean of their slopes less the trend times the depth is the slope at the shoulder. Nil when no
    /// edge is steady: the tangent is then the deep planes' (as before).
    static func shoulderSlope(_ fits: [EdgeFit]) -> Double? {
        var edges = (0..<2).map { side in fits.filter { $0.side == side } }.filter(isSteady)
        if edges.count == 2 {
            let apart = abs(meanSlope(edges[0]) - meanSlope(edges[1])) > sideAgreement
            let opposite = (edges[0][0].parabola.curvature > 0) != (edges[1][0].parabola.curvature > 0)
            if apart || opposite {
                func extent(_ e: [EdgeFit]) -> (Int, Double) { (e.count, e.reduce(0) { $0 + $1.halfLength }) }
                edges = [extent(edges[0]) >= extent(edges[1]) ? edges[0] : edges[1]]
            }
        }
        guard !edges.isEmpty else { return nil }
        let trend = depthTrend(edges)
        let kept = edges.flatMap { $0 }
        return kept.reduce(0) { $0 + $1.parabola.slope - trend * $1.depth } / Double(kept.count)
    }

    /// An edge read in at least `minimumTrendPlanes` planes whose slope follows a line in depth within
    /// `trendResidualMax` and which bends the same way in every plane.
    static func isSteady(_ edge: [EdgeFit]) -> Bool {
        guard edge.count >= minimumTrendPlanes else { return false }
        let bends = edge.map(\.parabola.curvature)
        guard bends.allSatisfy({ $0 > 0 }) || bends.allSatisfy({ $0 < 0 }) else { return false }
        let (depth, slope, trend) = (meanDepth(edge), meanSlope(edge), depthTrend([edge]))
        let squares = edge.reduce(0) { sum, f in
            let r = f.parabola.slope - slope - trend * (f.depth - depth)
            return sum + r * r
        }
        return (squares / Double(edge.count - 2)).squareRoot() <= trendResidualMax
    }

    /// The least-squares change of slope per mm of depth, pooled within each edge (each about its own mean):
    /// the edges may stand at different slopes; 0 when all planes lie at one depth.
    static func depthTrend(_ edges: [[EdgeFit]]) -> Double {
        var sxy = 0.0, sxx = 0.0
        for edge in edges {
            let (depth, slope) = (meanDepth(edge), meanSlope(edge))
            for f in edge {
                sxy += (f.depth - depth) * (f.parabola.slope - slope)
                sxx += (f.depth - depth) * (f.depth - depth)
            }
        }
        return sxx > 0 ? sxy / sxx : 0
    }

    /// `tangent` turned towards its normal by the angle whose tangent is `slope` (a fit's n per t).
    static func turned(_ tangent: SIMD2<Double>, bySlope slope: Double) -> SIMD2<Double> {
        let turn = atan(slope)
        return tangent * cos(turn) + normal(of: tangent) * sin(turn)
    }

    static func meanSlope(_ edge: [EdgeFit]) -> Double { edge.reduce(0) { $0 + $1.parabola.slope } / Double(edge.count) }
    static func meanDepth(_ edge: [EdgeFit]) -> Double { edge.reduce(0) { $0 + $1.depth } / Double(edge.count) }

    /// One edge of the band in a plane: (t, n) points in 1 mm bins along the tangent, and half the length
    /// of the stretch the field leaves uncut (up to `reachMm` each way), over which its bend is judged.
    struct EdgeLine {
        var points: [SIMD2<Double>]
        var halfLength: Double
    }

    /// The band's two edges across the tangent (lower n, then upper n), each in 1 mm bins along it. A bin's
    /// edges are the outermost bone samples once isolated groups (noise) are left out (`bandEdges`). Each
    /// edge runs, on each side of the implant, up to the first bin where the field of view cuts it: a sample
    /// outside the scan within `fieldMarginMm` of the edge, or, beyond the hole, no band in the bin and a
    /// sample outside. The two edges of an arch are parallel curves, so either one gives the tangent and the
    /// bend, and one can be whole where the field cuts the other. Bins where the edge lies next to the hole
    /// are left out, since the hole may hide the edge there (an implant near the buccal plate).
    static func edgeLines(_ plane: Plane, tangent: SIMD2<Double>) -> [EdgeLine] {
        let normal = Self.normal(of: tangent)
        func bin(_ p: SIMD2<Double>) -> Int { Int((dot(p, tangent) / binMm).rounded(.down)) }
        var across: [Int: [Double]] = [:]
        for p in plane.bone { across[bin(p), default: []].append(dot(p, normal)) }
        let extent = across.compactMapValues { bandEdges($0.sorted()) }
        // Per side of the band (0 lower, 1 upper): how far the edge runs uncut towards −t and towards +t.
        var lower = [reachMm, reachMm], upper = [reachMm, reachMm]
        for q in plane.outside {
            let k = bin(q), n = dot(q, normal)
            let e = extent[k]
            // Next to the implant the hole can leave too little of the band for an extent.
            if e == nil && min(abs(Double(k)), abs(Double(k + 1))) * binMm < plane.holeRadius { continue }
            for side in 0..<2 {
                if let e, abs(n - (side == 0 ? e.lo : e.hi)) > fieldMarginMm { continue }
                // The bin's edge nearer the implant bounds the stretch on its side.
                if k >= 0 { upper[side] = min(upper[side], Double(k) * binMm) } else { lower[side] = min(lower[side], Double(-k - 1) * binMm) }
            }
        }
        let clear = plane.holeRadius + groupGapMm
        return (0..<2).map { side in
            var points: [SIMD2<Double>] = []
            for k in extent.keys.sorted() {
                let start = Double(k) * binMm
                guard start >= -lower[side], start + binMm <= upper[side], let e = extent[k] else { continue }
                let n = side == 0 ? e.lo : e.hi
                let nearest = min(abs(start), abs(start + binMm))
                if nearest < clear && n * n + nearest * nearest < clear * clear { continue }
                points.append(SIMD2(start + binMm / 2, n))
            }
            return EdgeLine(points: points, halfLength: (max(0, lower[side]) + max(0, upper[side])) / 2)
        }
    }

    /// The outermost of sorted positions across the band, once groups of fewer than `minimumGroupSamples`
    /// (split at gaps wider than `groupGapMm`) are left out; nil when none is left.
    static func bandEdges(_ sorted: [Double]) -> (lo: Double, hi: Double)? {
        var groups: [(lo: Double, hi: Double, count: Int)] = []
        for n in sorted {
            if let last = groups.last, n - last.hi <= groupGapMm {
                groups[groups.count - 1] = (last.lo, n, last.count + 1)
            } else {
                groups.append((n, n, 1))
            }
        }
        let kept = groups.filter { $0.count >= minimumGroupSamples }
        guard let first = kept.first, let last = kept.last else { return nil }
        return (first.lo, last.hi)
    }

    /// n = α + β t + γ t² through (t, n) points.
    struct Parabola: Equatable {
        var offset: Double
        var slope: Double
        var curvature: Double
        func value(at t: Double) -> Double { offset + slope * t + curvature * t * t }
    }

    /// Least-squares parabola through an edge's (t, n) points, refitted once without those farther than
    /// `outlierMm` from the first fit; nil unless `minimumBinsPerSide` points remain on each side of t = 0
    /// and `minimumBins` in all.
    static func robustFit(_ points: [SIMD2<Double>]) -> Parabola? {
        func enough(_ p: [SIMD2<Double>]) -> Bool {
            p.filter { $0.x < 0 }.count >= minimumBinsPerSide && p.filter { $0.x > 0 }.count >= minimumBinsPerSide
                && p.count >= minimumBins
        }
        guard enough(points), let first = leastSquares(points) else { return nil }
        let kept = points.filter { abs($0.y - first.value(at: $0.x)) <= outlierMm }
        guard kept.count < points.count else { return first }
        guard enough(kept) else { return nil }
        return leastSquares(kept)
    }

    static func leastSquares(_ points: [SIMD2<Double>]) -> Parabola? {
        var s = [Double](repeating: 0, count: 5), r = [Double](repeating: 0, count: 3)
        for p in points {
            var tp = 1.0
            for k in 0..<5 { s[k] += tp; if k < 3 { r[k] += tp * p.y }; tp *= p.x }
        }
        // Normal equations [s0 s1 s2; s1 s2 s3; s2 s3 s4] (α β γ) = (r0 r1 r2), solved by Cramer's rule.
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]]
        let d = det(m)
        guard abs(d) > 1e-12 else { return nil }
        return Parabola(offset: det([[r[0], s[1], s[2]], [r[1], s[2], s[3]], [r[2], s[3], s[4]]]) / d,
                        slope: det([[s[0], r[0], s[2]], [s[1], r[1], s[3]], [s[2], r[2], s[4]]]) / d,
                        curvature: det([[s[0], s[1], r[0]], [s[1], s[2], r[1]], [s[2], s[3], r[2]]]) / d)
    }

    /// The tangent turned +90°: the n axis of every (t, n) fit, towards which a positive bend curves.
    static func normal(of tangent: SIMD2<Double>) -> SIMD2<Double> { SIMD2(-tangent.y, tangent.x) }

    /// Unit direction of the points' largest spread.
    static func principalAxis(_ points: [SIMD2<Double>]) -> SIMD2<Double> {
        let mean = points.reduce(SIMD2<Double>.zero, +) / Double(points.count)
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for p in points {
            let d = p - mean
            sxx += d.x * d.x; sxy += d.x * d.y; syy += d.y * d.y
        }
        let angle = 0.5 * atan2(2 * sxy, sxx - syy)
        return SIMD2(cos(angle), sin(angle))
    }
}

@inline(__always) func dot(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double { (a * b).sum() }
