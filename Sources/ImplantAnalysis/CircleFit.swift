import Foundation

/// A cross-section's centre from edge radii read outwards from a point at evenly spaced angles: the circle
/// r(θ) = R + p cos θ + q sin θ fitted by least squares to the edges that agree with it.
///
/// Bloomed cortical bone as bright as the metal beside one side of the body runs that side's edges out over a
/// contiguous arc (phantom seed 297: titanium clipped at the top of a 12-bit range, a 1.3 mm buccal plate bloomed
/// 1.37 × Benic's, 7 of 24 edges 0.3–0.8 mm out from 4 mm depth down). The mean of the edge points, each held
/// within 0.35 mm of the median edge, leaned towards that arc; the next reading, centred there, saw the arc as
/// nearly round, and the axis settled 3.3° off. When the edges do not all lie within `residualLimit` of one circle,
/// every arc of `arcShare` of them is left out in turn, the circle is refitted to the edges within `residualLimit`
/// of it until they stay the same, and the circle with the smallest sum of squared residuals, each at most
/// `residualLimit`², wins.
enum CircleFit {
    /// The share of the edges left out as one arc when a circle is looked for among outliers (dimensionless): wider
    /// than the quarter that bloomed bone took on seed 297. Chosen, not tuned.
    static let arcShare = 1.0 / 3
    /// A circle must keep at least this share of the edges (dimensionless).
    static let minimumShare = 0.5
    /// Refits to a circle's inliers stop when they stay the same, or after this many.
    static let maxRefits = 5

    /// The offset (p, q) of the centre from the reading point along θ = 0 and θ = 90°; nil when fewer than six
    /// edges are given or no circle keeps `minimumShare` of them. `radii[k]` is read at θ = 2πk / count.
    static func offset(radii: [Double], residualLimit: Double) -> SIMD2<Double>? {
        let n = radii.count
        guard n >= 6 else { return nil }
        let cosines = (0..<n).map { cos(2 * Double.pi * Double($0) / Double(n)) }
        let sines = (0..<n).map { sin(2 * Double.pi * Double($0) / Double(n)) }
        func fit(_ kept: [Int]) -> [Double]? {
            var m = [[Double]](repeating: [0, 0, 0], count: 3), v = [0.0, 0.0, 0.0]
            for k in kept {
                let row = [1, cosines[k], sines[k]]
                for i in 0..<3 {
                    v[i] += row[i] * radii[k]
                    for j in 0..<3 { m[i][j] += row[i] * row[j] }
                }
            }
            return LinearSystem.solve(m, v)
        }
        func residual(_ x: [Double], _ k: Int) -> Double { radii[k] - (x[0] + x[1] * cosines[k] + x[2] * sines[k]) }
        func inliers(_ x: [Double]) -> [Int] { (0..<n).filter { abs(residual(x, $0)) <= residualLimit } }

        let all = Array(0..<n)
        guard let full = fit(all) else { return nil }
        if inliers(full).count == n { return SIMD2(full[1], full[2]) }

        let arc = max(1, Int((arcShare * Double(n)).rounded()))
        let minimum = Int((minimumShare * Double(n)).rounded(.up))  // at least 3 for n ≥ 6: the fit's unknowns
        var best: (cost: Double, x: [Double])?
        for start in 0..<n {
            var kept = all.filter { ($0 - start + n) % n >= arc }
            var x: [Double]?
            for _ in 0..<maxRefits {
                guard kept.count >= minimum, let next = fit(kept) else { x = nil; break }
                x = next
                let again = inliers(next)
                if again == kept { break }
                kept = again
            }
            guard let solution = x, kept.count >= minimum else { continue }
            // Every edge counts, an outlier as if it lay at the limit (a truncated square): a circle that reaches
            // for a few more edges pays for it in all the others.
            let cost = all.reduce(0) { $0 + min(residual(solution, $1) * residual(solution, $1), residualLimit * residualLimit) }
            if best == nil || cost < best!.cost { best = (cost, solution) }
        }
        return best.map { SIMD2($0.x[1], $0.x[2]) }
    }
}
