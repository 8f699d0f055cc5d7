import Foundation
import ImplantAnalysis
import Testing
import VolumeCore
@testable import Report

@Suite struct ResamplingTests {
    /// A volume whose value is linear in the LPS position, so trilinear sampling is exact anywhere inside:
    /// v = 10·x + 3·y − 5·z (mm), on a rotated, shifted grid with anisotropic spacing.
    static func ramp() -> (Volume<Int16>, (SIMD3<Double>) -> Double) {
        let c = cos(0.3), s = sin(0.3)
        let direction = Matrix3(columns: SIMD3(c, s, 0), SIMD3(-s, c, 0), SIMD3(0, 0, 1))
        let g = VolumeGeometry(spacing: [0.5, 0.4, 0.6], origin: [-4, 2, 1], direction: direction)
        var v = Volume<Int16>(size: [30, 30, 20], geometry: g, repeating: 0)
        func f(_ p: SIMD3<Double>) -> Double { 10 * p.x + 3 * p.y - 5 * p.z }
        for z in 0..<20 { for y in 0..<30 { for x in 0..<30 {
            let p = g.physicalPoint(ofIndex: SIMD3(Double(x), Double(y), Double(z)))
            v[x, y, z] = Int16(f(p).rounded())
        } } }
        return (v, f)
    }

    @Test func obliquePlaneSamplesAKnownRampAtPixelCentres() throws {
        let (v, _) = Self.ramp()
        // Integer-valued voxels: compare against trilinear interpolation of the stored (rounded) ramp,
        // which for a linear function is the function itself up to the rounding of each corner (< 0.5).
        let g = v.geometry
        let centre = g.physicalPoint(ofIndex: [15, 15, 10])
        let right = normalize(SIMD3<Double>(1, 1, 0.5)), down = normalize(SIMD3<Double>(-1, 1, 0) )
        let plane = SectionPlane(center: centre, right: right, down: down, uRange: -3...3, vRange: -2...2, pixelMm: 0.25)
        #expect(plane.width == 24 && plane.height == 16)
        let image = SectionSampler.sample(v, on: plane)
        for (c, r) in [(0, 0), (23, 15), (11, 7), (5, 12)] {
            let p = centre + right * (-3 + (Double(c) + 0.5) * 0.25) + down * (-2 + (Double(r) + 0.5) * 0.25)
            let f = 10 * p.x + 3 * p.y - 5 * p.z
            #expect(abs(image[column: c, row: r] - f) <= 0.5, "pixel (\(c), \(r))")
        }
        // A plane reaching out of the volume is NaN there and black in any window.
        let outside = SectionSampler.sample(v, on: SectionPlane(center: centre, right: right, down: down, uRange: 0...40,
                                                                vRange: 0...0.25, pixelMm: 0.25))
        #expect(outside.values.first!.isFinite && outside.values.last!.isNaN)
        #expect(BoneWindow(lower: 0, upper: 100).gray8(outside).last == 0)
    }

    func normalize(_ v: SIMD3<Double>) -> SIMD3<Double> { v / (v * v).sum().squareRoot() }

    @Test func boneWindowMapsItsEndsAndMiddle() {
        let w = BoneWindow(lower: -200, upper: 1800)
        #expect(w.gray8(-1000) == 0 && w.gray8(-200) == 0)
        #expect(w.gray8(800) == 128)
        #expect(w.gray8(1800) == 255 && w.gray8(3000) == 255)
        #expect(w.gray8(.nan) == 0)
    }

    @Test func boneWindowFromTheScansLevels() {
        var h = [Int](repeating: 0, count: 65536)
        func add(_ v: Int, _ n: Int) { h[v - Int(Int16.min)] += n }
        add(-1000, 1000)
        for v in 40...60 { add(v, 250) }
        for v in 500...800 { add(v, 20) }
        for v in 1450...1550 { add(v, 30) }
        for v in 2780...2820 { add(v, 8) }
        let levels = GrayLevels(histogram: h, metalThreshold: 2500)
        let w = BoneWindow(levels: levels)
        let span = levels.bone - levels.softTissue
        #expect(w.lower == levels.softTissue - span / 2)
        #expect(w.upper == min(2500, levels.bone + 2 * span))
        // Soft tissue dark gray, bone median light gray, metal white.
        #expect(w.gray8(levels.softTissue) > 20 && w.gray8(levels.softTissue) < 70)
        #expect(w.gray8(2800) == 255)
    }

    @Test func numbersAndTextAreWrittenTheSameEverywhere() {
        #expect(Markup.number(4.5) == "4.5" && Markup.number(4) == "4" && Markup.number(-0.001) == "0")
        #expect(Markup.number(100) == "100" && Markup.number(12.345, decimals: 1) == "12.3")
        #expect(Markup.escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
        #expect(HTMLReport.num(-0.0001, decimals: 3) == "0.000")
    }
}
