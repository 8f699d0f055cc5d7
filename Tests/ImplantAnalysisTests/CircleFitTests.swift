import Foundation
import Testing
@testable import ImplantAnalysis

@Suite struct CircleFitTests {
    /// The residual limit the implant frame reads its body centres with.
    let limit = ImplantFrameEstimator.circleResidualMm

    /// The radii of a circle of radius `radius` centred at `centre`, read from the origin at 24 evenly spaced angles
    /// (the exact distance along each ray to the circle).
    static func radii(centre: SIMD2<Double>, radius: Double, count: Int = 24) -> [Double] {
        (0..<count).map { k in
            let angle = 2 * Double.pi * Double(k) / Double(count)
            let d = SIMD2(cos(angle), sin(angle))
            let b = (d * centre).sum()
            return b + (b * b - (centre * centre).sum() + radius * radius).squareRoot()
        }
    }

    /// A round section read from a point 0.1 mm off its centre: the fit gives the whole offset (the mean of the
    /// edge points gives half of it).
    @Test func aRoundSectionGivesItsWholeOffset() throws {
        let o = try #require(CircleFit.offset(radii: Self.radii(centre: [0.1, -0.06], radius: 1.9), residualLimit: limit))
        // r(θ) = b + √(R² − |c|² + b²) is a circle's first harmonic up to terms of |c|²/R: 0.1² / 1.9 ≈ 0.005.
        #expect(abs(o.x - 0.1) < 0.005 && abs(o.y + 0.06) < 0.005, "\(o)")
    }

    /// Seed 297's pattern by hand: a quarter of the edges (an arc of 6 of 24) run 0.3–0.7 mm out into bloomed bone.
    /// The circle that keeps the other 18 is found; a least-squares fit to all 24 leans 0.2 mm towards the arc.
    @Test func anArcRunOutIntoBoneDoesNotMoveTheCentre() throws {
        var r = Self.radii(centre: [0.05, 0.02], radius: 1.9)
        for (k, extra) in zip([22, 23, 0, 1, 2, 3], [0.3, 0.5, 0.7, 0.6, 0.45, 0.3]) { r[k] += extra }
        let o = try #require(CircleFit.offset(radii: r, residualLimit: limit))
        #expect(abs(o.x - 0.05) < 0.01 && abs(o.y - 0.02) < 0.01, "\(o)")
        // The plain least-squares fit the arc would have given: 2/n Σ r cos θ.
        let plain = r.indices.reduce(0) { $0 + r[$1] * cos(2 * Double.pi * Double($1) / 24) } * 2 / 24
        #expect(plain > 0.2)
    }

    /// Threads as a blurred scan reads them (±0.1 mm about the circle) are no outliers: every edge is kept and the
    /// offset is the plain least-squares one (0: the ripple has no first harmonic).
    @Test func threadsAreKept() throws {
        var r = Self.radii(centre: [0, 0], radius: 1.9)
        for k in r.indices { r[k] += 0.1 * sin(2 * Double.pi * Double(k) / 24 * 3) }
        let o = try #require(CircleFit.offset(radii: r, residualLimit: limit))
        #expect(abs(o.x) < 1e-9 && abs(o.y) < 1e-9, "\(o)")
    }

    /// Edges all over the place keep no circle of half of them: no centre.
    @Test func noCircleNoCentre() {
        let r = (0..<24).map { 1.0 + Double(($0 * 7) % 5) * 0.5 }
        #expect(CircleFit.offset(radii: r, residualLimit: limit) == nil)
    }
}
