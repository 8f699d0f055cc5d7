import Foundation
import Testing
@testable import ImplantAnalysis

struct RadiusTrendTests {
    /// A conical body (radius 2.2 mm at the shoulder, −0.03 mm per mm) with threads (±0.1 mm, 0.8 mm pitch) every
    /// 0.1 mm over a 12 mm implant, and two depths whose edge ran 0.6 mm out into bloomed bone. The fit over
    /// 1.5–7.2 mm has the taper and the level; at the neck (0.65 mm) it reads 2.2 − 0.03 × 0.65 = 2.18 mm.
    @Test func aConicalThreadedBodyGivesItsTaperDespiteTwoBloomedDepths() throws {
        let step = 0.1, length = 12.0
        var radii = (0...120).map { k -> Double in
            let d = Double(k) * step
            return 2.2 - 0.03 * d + 0.1 * sin(2 * .pi * d / 0.8)
        }
        radii[20] += 0.6
        radii[21] += 0.6
        let trend = try #require(RadiusTrend(radii: radii, step: step, length: length))
        #expect(abs(trend.slope + 0.03) <= 0.005, "slope \(trend.slope)")
        #expect(abs(trend.radius(atDepth: 0.65) - 2.18) <= 0.03, "radius at the neck \(trend.radius(atDepth: 0.65))")
    }

    /// On a cylinder of 2.0 mm (limit 2.25 mm at every depth), a neck read at 2.75 mm in bloomed crest is held
    /// at 2.25, and a neck of 2.2 mm stays.
    @Test func aRadiusBeyondTheThreadEnvelopeIsHeldAtIt() throws {
        var radii = [Double](repeating: 2.0, count: 100)
        radii[10] = 2.75
        radii[3] = 2.2
        let trend = try #require(RadiusTrend(radii: radii, step: 0.1, length: 10))
        let capped = trend.capping(radii, step: 0.1)
        #expect(abs(capped[10] - 2.25) <= 1e-9)
        #expect(capped[3] == 2.2)
        #expect(capped[50] == 2.0)
    }

    /// Fewer than two depths in the body's range (a 2 mm implant: 1.5–1.2 mm is empty): no trend.
    @Test func aBodyTooShortToFitHasNoTrend() {
        #expect(RadiusTrend(radii: [Double](repeating: 2, count: 21), step: 0.1, length: 2) == nil)
    }
}
