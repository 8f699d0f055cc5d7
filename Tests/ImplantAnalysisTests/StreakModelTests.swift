import Foundation
import Phantom
import Testing
import VolumeCore
@testable import ImplantAnalysis

/// Where the bone test reads around an implant (0.5–0.7 mm outside the surface, every 5° and 0.25 mm of depth), the
/// points and what the streaks added there: the phantom with streaks less the same phantom generated without.
func streakBand(_ frame: ImplantFrame, streaked: Volume<Int16>, clean: Volume<Int16>) -> [(point: SIMD3<Double>, streak: Double)] {
    var out: [(point: SIMD3<Double>, streak: Double)] = []
    for depth in stride(from: 0.25, to: frame.length, by: 0.25) {
        for angle in stride(from: 0.0, to: 360, by: 5) {
            for gap in [0.5, 0.6, 0.7] {
                let p = frame.point(depth: depth, radius: frame.radius(atDepth: depth) + gap, angleDeg: angle)
                guard let with = streaked.sample(atPoint: p), let without = clean.sample(atPoint: p) else { continue }
                out.append((p, with - without))
            }
        }
    }
    return out
}

/// Root mean square.
func rms(_ values: [Double]) -> Double { (values.map { $0 * $0 }.reduce(0, +) / Double(max(values.count, 1))).squareRoot() }

/// Metal streaks read from the scan, against the phantom's own streaks: the same phantom generated without
/// streaks and subtracted leaves exactly what the streaks added.
@Suite struct StreakModelTests {
    /// The streaks (true and modelled) where the bone test reads (`streakBand`), for every implant found.
    func bandStreaks(seed: UInt64, spec given: PhantomSpec? = nil) throws -> (truth: [Double], model: [Double]) {
        var spec = given ?? PhantomRandomizer.spec(seed: seed)
        let streaked = grayVolume(try PhantomGenerator.generate(spec, seed: seed))
        spec.degradation.streakHU = 0
        let clean = grayVolume(try PhantomGenerator.generate(spec, seed: seed))
        var truth: [Double] = [], model: [Double] = []
        for implant in ImplantAnalyzer.analyzeInDetail(streaked).implants {
            let streaks = StreakModel.estimate(volume: streaked, frame: implant.frame)
            for (p, streak) in streakBand(implant.frame, streaked: streaked, clean: clean) {
                truth.append(streak)
                model.append(streaks.value(at: p))
            }
        }
        return (truth, model)
    }

    /// Seed 22: two titanium implants under streaks of up to 350 gray. What is left after the model is subtracted is
    /// at most 60 % of the streaks (measured: 122 → 63 gray RMS over both implants).
    @Test func streaksAreSubtractedWhereTheBoneTestReads() throws {
        let (truth, model) = try bandStreaks(seed: 22)
        let residual = rms(zip(truth, model).map { $0 - $1 })
        #expect(rms(truth) > 80)
        #expect(residual < 0.6 * rms(truth))
    }

    /// The two-implant preset with a crown (seed 15, the kind of the bundled sample scan): its ridge's cortical plates
    /// read as lines of +429 to +524 gray through both implants, where its phantom's streaks are 102–190 at the source.
    /// Subtracted, they added streaks instead of removing them (measured: 60.7 gray RMS of streaks at the band, 127.3
    /// left after subtraction; 240.1 with lines read no narrower than `minimumWidthMm`). Lines higher than
    /// `maximumAmplitude` are not streaks: 59.4 left.
    @Test func theCrownPresetsPlatesAreNotSubtractedAsStreaks() throws {
        let (truth, model) = try bandStreaks(seed: 15, spec: PhantomPreset.twoImplantsCrown.spec)
        #expect(rms(zip(truth, model).map { $0 - $1 }) <= rms(truth))
    }

    /// Two streaks 8° apart merge into one swell whose top dips to 55 between them (peaks 81 and 71); its far flank
    /// reaches half the higher peak only 11° out. The higher peak's side towards the other ends at the valley, so it is a streak; a single
    /// swell as broad, with no valley, is not.
    @Test func twoStreaksAFewDegreesApartAreNotOneBroadSwell() {
        let step = StreakModel.angleStepDeg, n = Int((180 / step).rounded())
        func gaussian(_ centre: Double, _ height: Double, _ width: Double) -> [Double] {
            (0..<n).map { height * exp(-pow((Double($0) * step - centre) / width, 2)) }
        }
        let pair = zip(gaussian(90, 80, 4), gaussian(98, 70, 4)).map { $0 + $1 }
        let lines = StreakModel.lines(near: pair, radius: 5)
        #expect(lines.contains { abs($0.angleDeg - 90) <= 0.5 && abs($0.amplitude - 81) <= 1.5 }, "\(lines)")
        #expect(StreakModel.lines(near: gaussian(90, 80, 12), radius: 5).isEmpty)
    }

    /// The two-implant preset with a crown (seed 15) reads a peak of +524 at 148° beside its first implant, where its
    /// phantom's streaks are 102–190 gray at the source: a line through the ridge's cortical plates, with a second peak
    /// of +275 4° out on its notched flank (the excess as read there, every 0.5° from 143°). It is not a streak, nor is
    /// the flank. The same peak at 0.6 of its height (+314) is one line, the flank merged into it.
    @Test func aPeakHigherThanAStreakIsNotALine() throws {
        let step = StreakModel.angleStepDeg, n = Int((180 / step).rounded())
        let read: [Double] = [154, 94, 0, 0, 0, 35, 156, 266, 349, 463, 524, 460, 388, 303, 213, 103, 2, 0, 275, 222,
                              166, 126, 83, 0]
        func excess(_ scale: Double) -> [Double] {
            var near = [Double](repeating: 0, count: n)
            for (i, x) in read.enumerated() { near[Int(143 / step) + i] = scale * x }
            return near
        }
        #expect(StreakModel.lines(near: excess(1), radius: 5).isEmpty)
        let lines = StreakModel.lines(near: excess(0.6), radius: 5)
        #expect(lines.count == 1, "\(lines)")
        let line = try #require(lines.first)
        #expect(line.angleDeg == 148 && abs(line.amplitude - 0.6 * 524) < 1e-9, "\(line)")
    }

    /// A peak whose one side falls to half in one 0.5° step reads 5 · tan 0.5° / √ln 2 = 0.052 mm wide at 5 mm: it is
    /// read as `minimumWidthMm`. A Gaussian peak of 6° (1/e) falls to half 5° out: 5 · tan 5° / √ln 2 = 0.525 mm, kept.
    @Test func aRaggedPeakIsReadNoNarrowerThanAStreak() throws {
        let step = StreakModel.angleStepDeg, n = Int((180 / step).rounded())
        var ragged = [Double](repeating: 0, count: n)
        ragged[180] = 100  // 90°
        ragged[179] = 40
        (181...186).forEach { ragged[$0] = 100 - Double($0 - 180) * 8 }
        let narrow = try #require(StreakModel.lines(near: ragged, radius: 5).first)
        #expect(narrow.angleDeg == 90 && narrow.widthMm == StreakModel.minimumWidthMm, "\(narrow)")

        let gaussian = (0..<n).map { 100 * exp(-pow((Double($0) * step - 90) / 6, 2)) }
        let broad = try #require(StreakModel.lines(near: gaussian, radius: 5).first)
        #expect(abs(broad.widthMm - 5 * tan(5 * Double.pi / 180) / log(2.0).squareRoot()) < 0.001, "\(broad)")
    }

    /// Seed 177: two bright streaks (+93 and +112 gray at 5 mm from the axis) 11.5° apart cross the soft tissue of
    /// a half moat that bares the buccal side to the apex. Read beside each other they made one swell with a
    /// dip, too broad to be a streak, and its soft tissue read as bone 0–0.6 mm below the shoulder over 15–45°:
    /// buccal 6.08 mm against 8. No buccal sector may read bone that near the shoulder.
    ///
    /// Left: sectors 20–35° read bone at 5.5 mm (buccal site 7.52 against 8). The moat's soft tissue (50 HU, bloomed
    /// at 1.34 × the model's scale, beside D4 bone of 323 HU) reads 100–185 in the band at 5–6 mm against a contact
    /// threshold of 135, so a few gray values decide it: with the implant's ends read 2.5 mm out instead of 0.6
    /// (length 0.01 mm shorter, buccal direction 0.2° apart) those sectors read 7.95. The streaks are the same.
    @Test func twoMergedBrightStreaksDoNotReadAsBoneInAHalfMoat() throws {
        let (m, t) = try firstImplant(ofRandomPhantom: 177)
        #expect(t.boneLevelMm.buccal >= 7.9)
        let buccal = m.sectors.filter { $0.angleDeg <= 60 || $0.angleDeg >= 300 }
        #expect(buccal.allSatisfy { $0.boneLevelMm >= 4 }, "\(buccal.map(\.boneLevelMm))")
    }

    /// Seed 13: the implant stands against the buccal cortical plate, which crosses lines through the axis at a
    /// shallow angle and runs beside the line along the arch. Read against both sides pooled, the plate gave a dark
    /// "streak" of −220 along the arch; with the halves of a line not required to agree, two bright ones of +850,
    /// where the phantom's streaks there stay under 90, and the subtraction left 287 gray RMS where the streaks
    /// were 61. Nothing the model subtracts may exceed the largest
    /// true streak by half (measured: 213 against 171), and what is left is less than the streaks were (54 against 61).
    @Test func aCorticalPlateBesideTheImplantIsNotAStreak() throws {
        let (truth, model) = try bandStreaks(seed: 13)
        let residual = rms(zip(truth, model).map { $0 - $1 })
        #expect(residual < rms(truth))
        #expect(model.map(abs).max()! <= 1.5 * truth.map(abs).max()!)
    }

    /// A bright streak (+250 gray, 0.3 mm wide) along a line through a titanium cylinder (radius 2 mm) in bone (400),
    /// and a cortical plate (1500) beside the inner two thirds of one half of the line, 0.6–2.2 mm to one side. There
    /// the line lies 850 below one side and 250 above the other: those four of the half's six units are left out
    /// (`opposedSidesGray`) and the line is read from the other two, 250. Counted as 0, as before, they outvoted the
    /// two and no streak was found (phantom seeds 102 and 326: a plate or a half moat's end beside one half).
    @Test func aPlateBesidePartOfALineDoesNotHideItsStreak() throws {
        let radius = 2.0, spacing = 0.1, n = 180, bone = 400.0, streak = 250.0
        let centre = Double(n - 1) * spacing / 2
        let volume = blurredCylinder(n: n, slices: 40, spacing: spacing, radius: radius, sigma: 0.2, metal: 2800) { dx, dy, _ in
            if dx >= -4.75 && dx <= -3.3 && dy >= 0.6 && dy <= 2.2 { return 1500 }
            return bone + streak * exp(-(dy / 0.3) * (dy / 0.3))
        }
        let frame = ImplantFrame(shoulder: [centre, centre, 3.5], axis: [0, 0, 1], length: 3, radii: [radius],
                                 radiusStep: 0.1, buccal: [1, 0, 0], mesial: [0, 1, 0], buccalConfidence: "high",
                                 interiorGray: 2800)
        let lines = StreakModel.estimate(volume: volume, frame: frame).lines
        #expect(lines.count == 1, "\(lines)")
        let line = try #require(lines.first)
        #expect(min(line.angleDeg, 180 - line.angleDeg) <= 0.5 && abs(line.amplitude - streak) <= 10, "\(line)")
    }
}
