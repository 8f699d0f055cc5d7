import Foundation
import VolumeCore

/// The bright and dark metal streaks of one implant, estimated from the scan and subtracted where the bone test reads.
///
/// A streak is a straight line through the metal in the scanner's axial plane (the reconstruction plane), a few
/// tenths of a millimetre wide, the same along the implant's length and fading slowly with distance ("titanium
/// blooms and streaks", CLINICAL.md §1). Where one crosses the band the bone test reads, its ±100–350 gray are as
/// much as the contrast between soft tissue and D4 bone (the contact threshold sits 100–110 above soft tissue
/// there): a bright line across a defect's soft tissue reads as bone, a dark one through bone as a defect.
///
/// Lines through the axis are read every `angleStepDeg` in axial planes along the implant (`LineReader`), from
/// `nearRangeMm` from the surface: a line's excess is how far its values stand above (or below) the values beside
/// it, where both sides and both halves of the line agree. A narrow peak of that excess over the angle
/// (`maxHalfWidthDeg`), well above its spread (`detectionFactor`, `minimumAmplitude`), is a streak: its angle, its
/// height, its width and its fall to `farRangeMm` give its value at any point, a Gaussian across the line.
///
/// Checked against the phantom's own streaks (the same phantom generated without streaks, subtracted; seeds 1–24,
/// 27 implants): at the band the bone test reads, the streaks' RMS of 63.7 gray fell to 48.0 after subtraction.
/// Two implants got worse, both from lines that are not streaks: seed 6 (54 → 63: a line of +111 where there is
/// none, and one 2° off a true one and 55 too strong) and seed 14 (10 → 31: a line of +263 along the arch where the
/// phantom's streaks are weak). Two streaks a few degrees apart made one swell too broad to be a streak until a
/// peak's side could end at a valley (`valleyRise`; seed 177): over seeds 1–24 as `StreakModelTests` samples the band,
/// 67.2 gray RMS of streaks, 51.2 left before, 50.7 after.
///
/// A line's width is read from the narrower half of its peak, and so mostly narrower than the phantom's lines (0.35 mm,
/// 0.37–0.49 mm after the scan's blur), though never below `minimumWidthMm`. Fitting each line's width and height to
/// its whole peak instead, as the reader would read a line of each width, was tried: it read widths nearer the
/// phantom's (seed 547 #1: 0.33 mm against 0.19) and left 54.9 gray RMS of streaks in the band over seeds 1–40, 547,
/// 561 and 564 against 55.5, but the site levels over seeds 1–660 got worse (MAE 0.089 → 0.092 mm) and seed 459's
/// buccal level read 8 mm too deep: where a peak is anatomy, a wider line takes more of it away. Not kept. What the
/// model misses next to seeds 561 and 564 is two bright streaks close together (the phantom with streaks less the one
/// without, around the axis): they merge beside the implant, and each lifts the values beside the other. Seed 564's, 7°
/// apart (two peaks 9–12 mm from the axis), add up to 205 gray at 2.6 mm and 149 at 4.4 mm, where one line of 74 is
/// read (104 on the streaks alone). Seed 561's, 18° apart (97 and 75 gray at 4.4 mm), make a swell of 100–109 gray over
/// 18° at 2.6 mm, and only one of them is found, at 69. Reading every line a second time with the lines found
/// subtracted (adding what is left on a line to its height, and taking the peaks left as more lines) found seed 564's
/// second line (69 at 7° from the first; 69.8 → 59.9 gray RMS left in its band) but not seed 561's, added lines beside
/// true ones where a narrow line's flanks were left (seeds 2, 28: 56.6 → 68.3, 67.2 → 83.2), left 55.3 against 55.5
/// gray RMS over seeds 1–40, 547, 561, 564, and took a scan's streak estimates 2.2–4.6 times as long (0.07–0.25 s →
/// 0.25–0.92 s on eleven of those seeds). Not kept.
///
/// A cortical plate crossed obliquely within the near range (30–40° from the buccal direction) reads as a line: in a
/// stretch of the line that lies in the plate, the points beside it are shifted out of the plate, into trabecular bone
/// on one side and soft tissue on the other, so both sides read lower than the line, and the ridge's symmetry makes the
/// line's two halves agree. The strongest such lines are taken out by `maximumAmplitude` (figures there); only with
/// that bound could lines be read no narrower than `minimumWidthMm`. Weaker plate lines are still read (seed 390: +293
/// at 151°, seed 568: +186 and +105 at 21° and 158.5°, none of them streaks). Two tests for them were tried and not
/// kept: a half whose units disagree in sign with its median in more than one (or two) of six read as 0 left more of
/// the streaks in the band over seeds 1–40 (51.6 → 53.7 gray RMS), or kept the preset's plate at +349; a line whose
/// excess on the far range is 0 or of the other sign (a plate crossed within the near range ends before it) dropped as
/// many true streaks as false ones (seeds 1–60: 27 of 91 true, 42 of 71 false) and over seeds 1–176 and 38 with errors
/// (1 012 sites) made the sites worse (MAE 0.1326 → 0.1347 mm, errors over 0.5 mm 33 → 36; seed 390's lingual level
/// +0.44 → −0.05, but 642 #0 mesial −1.36 → −2.37 and 326 #0 mesial −0.44 → −1.07).
struct StreakModel: Sendable {
    struct Line: Sendable, Equatable {
        /// Direction in the axial plane, degrees from `StreakModel.u` towards `StreakModel.v`, in [0, 180).
        var angleDeg: Double
        /// Excess on the line (gray) at `nearRadius` from the axis, and the factor it falls by to `farRadius`.
        var amplitude: Double
        var falloff: Double
        /// Gaussian half-width across the line (mm): the excess falls by 1/e this far from it.
        var widthMm: Double
    }

    let shoulder: SIMD3<Double>
    let axis: SIMD3<Double>
    let length: Double
    /// The axial plane's normal (the volume's z direction) and an orthonormal pair in it.
    let normal: SIMD3<Double>
    let u: SIMD3<Double>
    let v: SIMD3<Double>
    let nearRadius: Double
    let farRadius: Double
    let lines: [Line]
    /// Per line, what `value(at:)` needs without a sine, an arctangent or a power per point: the line's direction
    /// in the plane, its amplitude, its fall per millimetre (logarithmic) and 1 / width².
    private let terms: [(cos: Double, sin: Double, amplitude: Double, fallPerMm: Double, inverseWidth2: Double)]

    init(shoulder: SIMD3<Double>, axis: SIMD3<Double>, length: Double, normal: SIMD3<Double>, u: SIMD3<Double>,
         v: SIMD3<Double>, nearRadius: Double, farRadius: Double, lines: [Line]) {
        (self.shoulder, self.axis, self.length, self.normal, self.u, self.v) = (shoulder, axis, length, normal, u, v)
        (self.nearRadius, self.farRadius, self.lines) = (nearRadius, farRadius, lines)
        terms = lines.map { line in
            let angle = line.angleDeg * .pi / 180
            return (cos(angle), sin(angle), line.amplitude, log(line.falloff) / (farRadius - nearRadius),
                    1 / (line.widthMm * line.widthMm))
        }
    }

    /// Lines are read every this many degrees.
    static let angleStepDeg = 0.5
    /// Distances from the implant's surface in the axial plane (mm) over which a line's excess is taken: the near
    /// range starts beyond the artifact margin's worst blooming, the far one ends inside a ridge's width.
    static let nearRangeMm = 1.5...3.5
    static let farRangeMm = 3.5...6.0
    /// Values beside the line are read this far from it on each side (mm): clear of a streak's own width.
    static let besideMm = 0.8...2.0
    /// Steps along the line, beside it and along the implant (mm). Beside it every 0.2 mm instead of 0.3 changed the
    /// streaks left at the band by 0.2 gray RMS (seeds 1–24) for 36 % more samples.
    static let alongStepMm = 0.2
    static let besideStepMm = 0.3
    static let depthStepMm = 0.5
    /// Stretches along each half of a line that are compared apart (`LineReader`): a plate or a defect's wall
    /// that meets a line in one of them does not carry the half's median.
    static let binCount = 3
    /// Lines weaker than this (gray) are left alone: below the noise of one band mean at the phantoms' noise
    /// (15–80 gray per voxel, nine samples), where subtracting a misplaced line could only add error.
    static let minimumAmplitude = 50.0
    /// A peak higher than this (gray) is anatomy, not a streak, and so is every peak merged into it (`lines`). The
    /// phantoms' streaks are ±50–350 gray at the metal (`PhantomRandomizer`; 200 and 300 in the presets) and fade to
    /// at most 225 at the near range; beside one another two add up (seed 22: one line of +306 where streaks of +200
    /// and +112 meet). Over seeds 1–60 and the two-implant preset with a crown, every line read higher than 306 was
    /// anatomy: the ridge's cortical plates, crossed at 30–40° from the buccal direction within the near range, read as
    /// +429 to +524 at both of the preset's implants and +463 and +584 on seed 54. Subtracted, the preset's lines added
    /// streaks at the band instead of removing them (60.7 gray RMS of streaks there, 127.3 left after subtraction,
    /// 240.1 once lines were read no narrower than `minimumWidthMm`; 59.4 with this bound). On a real scan whose
    /// streaks are stronger than this, they are left in the band as if no line were found there: the bone test reads
    /// as it did before streaks were modelled, where a misplaced 500-gray line would cut bone out of it. At 250 (the
    /// phantoms' single streaks at most 225 at the near range) over seeds 1–176 and 38 others with errors (1 012 sites):
    /// site MAE 0.1326 → 0.1325 mm, seed 390's lingual level +0.44 → +0.04 (its plate line of +293 dropped) and seed
    /// 22's −0.01 → −0.14 (its two merged streaks, +306, dropped). Not kept: one site is too little to leave a real
    /// scan's streaks of 250–350 gray in the band.
    static let maximumAmplitude = 350.0
    /// A peak of the excess is a streak when it stands this many times the excess's robust spread (1.4826 ×
    /// its median absolute deviation over all angles) above zero.
    static let detectionFactor = 3.0
    /// A streak's peak is narrow on both sides: its half-maximum lies within this many degrees. A broad swell
    /// is anatomy (a defect's wall along the line), not a line through the metal.
    static let maxHalfWidthDeg = 8.0
    /// A line is read no narrower than this (mm, the Gaussian's 1/e half-width across it). A peak read narrower is
    /// ragged, not a narrower streak: one side of it falls to half within a step or two of 0.5° (0.04–0.09 mm at the
    /// near range), where few units of the line were left (`opposedSidesGray`) or noise notched its flank. Such a line
    /// took its height away only along a sliver the bone test's sectors hardly meet. The phantoms' lines are 0.35 mm
    /// (0.37–0.49 mm after the scan's blur); a real scan's are no narrower than its in-plane blur. Widened, a line
    /// that is anatomy takes more away, so this floor needs `maximumAmplitude`.
    /// With both, over seeds 1–660 (3 260 sites) against neither: site MAE 0.0823 → 0.0807 mm; errors over 0.5 mm
    /// 40 → 33, over 1 mm 20 → 17, over 2 mm 9 → 8; mean sector error 0.0863 → 0.0845 mm. Nearer: seed 547 #1 mesial
    /// −3.42 → −0.13 mm, 561 #0 distal −1.15 → −0.31, 326 #0 mesial −1.03 → −0.44, 102 #0 mesial −0.56 → −0.12 (the
    /// line of +204 read 0.04 mm wide), 428 #1 mesial −0.38 → +0.11, 605 #0 distal −0.68 → −0.47. Farther: 390 #0
    /// lingual −0.04 → +0.44 (+0.83 with the floor alone; its sectors at 145–210° read deep), 223 #0 buccal +9.53 →
    /// +9.86 (a sliver of ridge, known), 568 #0 lingual +0.15 → +0.31, 189 #0 distal −0.28 → −0.39, 203 #0 distal
    /// −0.13 → −0.26. The streaks left in the band over seeds 1–40 (as `StreakModelTests` samples it): 52.9 → 51.6
    /// gray RMS of 68.6, better by more than 2 on ten phantoms, worse on eight, most where a line is anatomy (seed 14:
    /// 32.0 → 53.8; seed 35, whose streaks are 12.6: 15.0 → 35.2). Floors of 0.15 and 0.25 mm (without the bound) on
    /// seeds 1–176 moved the same way, less (site MAE 0.0670 → 0.0670 and 0.0667; 0.0664 at 0.35).
    static let minimumWidthMm = 0.35
    /// Two streaks a few degrees apart merge into one broad swell with a valley in its top: going outwards from a
    /// peak, a rise of this fraction of the peak's height above the lowest value so far is the next streak's flank,
    /// and the peak's side ends at that valley instead of at its half-maximum.
    static let valleyRise = 0.1
    /// The fall from the near to the far range is read within these bounds (far / near): streaks fade slowly, a
    /// line that grows outwards is taken as level, and a noisy far reading cannot raise a line at the band (inside
    /// the near range, where the fall is extrapolated) by more than 1 / 0.7 per span.
    static let falloffRange = 0.7...1.0
    /// Streaks are subtracted this far beyond the implant's ends along its axis (mm). A real streak reaches as far
    /// as its axial plane cuts metal: the end's radius × tan(tilt from the scanner's z) beyond the end. The phantom
    /// draws one only in the planes that cross the axis between shoulder and apex. Measured on seeds 1–40 with the
    /// presets, 41–120 and 261–660 (650 implants): at 0, seed 642 #0's distal site 1.96 → 0.83 mm off (a dark streak
    /// of −140 subtracted at its crest, where the phantom has −10), 491 #1's mesial 0.67 → 0.49, the two-implant
    /// preset's buccal +0.04 → −0.14, seed 63 #0 Ic → Ie, no other site by 0.1 mm; at radius × tan(tilt), seed 642's
    /// 1.96 → 2.41 mm and every other site within 0.05 mm. Neither kept: the first only follows the phantom's
    /// simplification, the second moved nothing but that one site, the wrong way.
    static let endClearanceMm = 1.0
    /// A unit (`LineReader`) whose line lies between its two sides, this far (gray) or more below one and above the
    /// other, has anatomy beside it (a cortical plate, a half moat's end along the line) and is left out of its half's
    /// median; a unit whose sides disagree by less is a line without a streak and counts as 0 there. Where a plate ran
    /// beside part of a line, its units counted as 0 and outvoted the rest, and the streak went unread (phantom seed
    /// 326 at 0.4 mm voxels: its distal level 2.34 mm too shallow, 1.05 with this; seed 102: two streaks of +269 and
    /// +297 at 2° from each other along its half moat's ends, with bone of 1000–1400 beside one half, read as 0, now as
    /// one line of +204, narrow (0.04 mm: where few units are left the excess is ragged over the angle; now read at
    /// `minimumWidthMm`), its mesial level 0.73 → 0.56 mm too shallow). Compared at 50, 100, 150 and 200 on seeds 1–160
    /// and 16 others (836 sites):
    /// every one lowered the site MAE (0.1324 mm → 0.1316–0.1306) with no site worse by 0.1 mm. The streaks left in the
    /// band (seeds 1–40 and eight others, as `StreakModelTests` samples it) fell from 59.1 to 57.5–57.6 gray RMS at
    /// each, but at 50 and 100 rose on a few phantoms by up to 57 gray (seeds 564, 23, 24), at 200 by 7.3 at most (seed
    /// 36). 200 is kept: the lowest site MAE and the fewest phantoms made worse. At 200 over seeds 1–660 (3 260
    /// sites): site MAE 0.0828 → 0.0823 mm, errors over 2 mm 10 → 9, no site worse by 0.1 mm; the worst sector moved
    /// by up to 0.1 mm either way (MAE 0.1400 → 0.1405 mm); walls, Schwarz classes and shells unchanged.
    static let opposedSidesGray = 200.0

    /// The streak excess (gray) to subtract at a point; 0 beyond the implant's ends or with no streak found.
    func value(at p: SIMD3<Double>) -> Double {
        guard !lines.isEmpty else { return 0 }
        let along = dot(axis, normal)
        let depth = -dot(p - shoulder, normal) / along
        guard depth >= -Self.endClearanceMm, depth <= length + Self.endClearanceMm else { return 0 }
        let w = p - (shoulder - axis * depth)
        let x = dot(w, u), y = dot(w, v)
        let r = (x * x + y * y).squareRoot()
        var total = 0.0
        for t in terms {
            // r sin(φ − θ), with x = r cos φ and y = r sin φ.
            let across = y * t.cos - x * t.sin
            total += t.amplitude * exp((r - nearRadius) * t.fallPerMm - across * across * t.inverseWidth2)
        }
        return total
    }

    /// The streaks of the implant of `frame` in `volume`; none when its axis lies within 60° of the axial plane.
    static func estimate(volume: Volume<Int16>, frame: ImplantFrame) -> StreakModel {
        let normal = volume.geometry.direction.columns.2
        var u = frame.buccal - normal * dot(frame.buccal, normal)
        u /= VolumeCore.length(u)
        let v = cross(normal, u)
        let along = abs(dot(frame.axis, normal))
        let sorted = frame.radii.sorted()
        // The metal's radius in the axial plane: the surface's, widened by the tilt.
        let planeRadius = (sorted.isEmpty ? 0 : sorted[sorted.count / 2]) / max(along, 0.5)
        let nearRadius = planeRadius + (nearRangeMm.lowerBound + nearRangeMm.upperBound) / 2
        let farRadius = planeRadius + (farRangeMm.lowerBound + farRangeMm.upperBound) / 2
        func model(_ lines: [Line]) -> StreakModel {
            StreakModel(shoulder: frame.shoulder, axis: frame.axis, length: frame.length, normal: normal, u: u, v: v,
                        nearRadius: nearRadius, farRadius: farRadius, lines: lines)
        }
        guard along >= 0.5 else { return model([]) }
        func read(_ range: ClosedRange<Double>, only: [Int]? = nil) -> [Double] {
            excess(volume: volume, frame: frame, normal: normal, u: u, v: v, from: planeRadius + range.lowerBound,
                   to: planeRadius + range.upperBound, only: only)
        }
        var found = lines(near: read(nearRangeMm), radius: nearRadius)
        let steps = found.map { Int(($0.angleDeg / angleStepDeg).rounded()) }
        let far = read(farRangeMm, only: steps)
        for (i, k) in steps.enumerated() {
            found[i].falloff = min(max(far[k] / found[i].amplitude, falloffRange.lowerBound), falloffRange.upperBound)
        }
        return model(found)
    }

    /// Every `angleStepDeg` over [0, 180) (or at the angle steps `only`): the excess of the line through the axis
    /// at that angle, over points `from`…`to` mm from the axis (`LineReader.read`); 0 where it is not a streak's.
    static func excess(volume: Volume<Int16>, frame: ImplantFrame, normal: SIMD3<Double>, u: SIMD3<Double>,
                       v: SIMD3<Double>, from: Double, to: Double, only: [Int]? = nil) -> [Double] {
        let count = Int((180 / angleStepDeg).rounded())
        let reader = LineReader(volume: volume, frame: frame, normal: normal, u: u, v: v, from: from, to: to)
        let wanted = only ?? Array(0..<count)
        var excess = [Double](repeating: 0, count: count)
        excess.withUnsafeMutableBufferPointer { out in
            let shared = UnsafeSendable(out)
            ParallelLoop.run(iterations: wanted.count, state: { LineReader.Scratch(units: reader.units) }) { scratch, i in
                shared.value[wanted[i]] = reader.read(angleDeg: Double(wanted[i]) * angleStepDeg, scratch: &scratch)
            }
        }
        return excess
    }

    /// Reads one line through the axis, in axial planes every `depthStepMm` along the implant.
    ///
    /// The line is split into units: each half of it (either side of the axis), over the coronal or the apical half of
    /// the implant, in `binCount` stretches along it. In each unit the median on the line is compared with the median
    /// beside it (`besideMm`) on each side; the unit's excess is the smaller difference when both agree in sign, else
    /// 0, and a unit whose line lies `opposedSidesGray` or more below one side and above the other is left out. A
    /// half's excess is the median of its units; the line's, the smaller of its halves' when they agree in sign. A
    /// streak stands out from both sides, on both halves, all along. A cortical plate or a defect's wall beside a line
    /// stands on one side of it only, and a plate crossing a line at a shallow angle lies along one half: on phantom
    /// seed 13 (an implant against the buccal plate), read against both sides pooled, the plate gave a dark line of
    /// −220 along the arch, and with the halves not required to agree, two bright ones of +850, where the true streaks
    /// there are under 90. A half moat's straight ends (Schwarz Ib) lie on one line through the axis with the defect on
    /// one side.
    struct LineReader: Sendable {
        let volume: Volume<Int16>
        let frame: ImplantFrame
        let normal: SIMD3<Double>
        let u: SIMD3<Double>
        let v: SIMD3<Double>
        let along: [Double]
        let binOf: [Int]
        let beside: [Double]
        let depths: [Double]
        var units: Int { 2 * 2 * StreakModel.binCount }

        /// A unit: one half of the line (either side of the axis), the coronal or apical half of the implant and one
        /// of `binCount` stretches along the line. Per unit: values on the line, and beside it on each side.
        struct Scratch {
            var onLine: [[Double]]
            var sides: [[Double]]
            init(units: Int) {
                onLine = [[Double]](repeating: [], count: units)
                sides = [[Double]](repeating: [], count: 2 * units)
            }
        }

        init(volume: Volume<Int16>, frame: ImplantFrame, normal: SIMD3<Double>, u: SIMD3<Double>, v: SIMD3<Double>,
             from: Double, to: Double) {
            self.volume = volume
            self.frame = frame
            self.normal = normal
            self.u = u
            self.v = v
            var along: [Double] = []
            var s = from
            while s <= to { along.append(s); s += StreakModel.alongStepMm }
            self.along = along
            let bins = StreakModel.binCount
            binOf = along.map { min(bins - 1, Int(Double(bins) * ($0 - from) / max(to - from, 1e-9))) }
            var beside: [Double] = []
            var t = StreakModel.besideMm.lowerBound
            while t <= StreakModel.besideMm.upperBound + 1e-9 {
                beside.append(t); beside.append(-t)
                t += StreakModel.besideStepMm
            }
            self.beside = beside
            var depths: [Double] = []
            var d = StreakModel.depthStepMm / 2
            while d < frame.length { depths.append(d); d += StreakModel.depthStepMm }
            self.depths = depths
        }

        /// The line's excess where its units agree (0 where they do not).
        func read(angleDeg: Double, scratch: inout Scratch) -> Double {
            func median(_ values: inout [Double]) -> Double { OrderStatistic.select(values.count / 2, in: &values) }
            let binCount = StreakModel.binCount
            let angle = angleDeg * .pi / 180
            let e = u * cos(angle) + v * sin(angle)
            // Beside the line in continuous index units, added to each line point's index.
            let geometry = volume.geometry
            let step = geometry.direction.transposed * cross(normal, e) / geometry.spacing
            for i in scratch.onLine.indices { scratch.onLine[i].removeAll(keepingCapacity: true) }
            for i in scratch.sides.indices { scratch.sides[i].removeAll(keepingCapacity: true) }
            for depth in depths {
                let c = frame.shoulder - frame.axis * depth
                let part = depth >= frame.length / 2 ? 1 : 0
                for half in 0..<2 {
                    for (j, s) in along.enumerated() {
                        let index = geometry.continuousIndex(ofPoint: c + e * (half == 0 ? -s : s))
                        guard let value = volume.sample(atIndex: index) else { continue }
                        let unit = (half * 2 + part) * binCount + binOf[j]
                        scratch.onLine[unit].append(value)
                        for t in beside {
                            guard let w = volume.sample(atIndex: index + step * t) else { continue }
                            scratch.sides[unit * 2 + (t > 0 ? 1 : 0)].append(w)
                        }
                    }
                }
            }
            var halves: [Double] = []
            for half in 0..<2 {
                var excesses: [Double] = []
                for unit in (half * 2 * binCount)..<((half + 1) * 2 * binCount) {
                    guard !scratch.onLine[unit].isEmpty, !scratch.sides[unit * 2].isEmpty,
                          !scratch.sides[unit * 2 + 1].isEmpty else { continue }
                    let m = median(&scratch.onLine[unit])
                    if let excess = Self.unitExcess(m - median(&scratch.sides[unit * 2]),
                                                    m - median(&scratch.sides[unit * 2 + 1])) {
                        excesses.append(excess)
                    }
                }
                halves.append(excesses.isEmpty ? 0 : median(&excesses))
            }
            return Self.agreed(halves[0], halves[1])
        }

        /// A unit's excess from the line's differences with its two sides: `agreed`, or nil where the line lies
        /// `opposedSidesGray` or more below one side and above the other (anatomy beside it: the unit says nothing
        /// of a streak).
        static func unitExcess(_ first: Double, _ second: Double) -> Double? {
            first * second < 0 && min(abs(first), abs(second)) >= StreakModel.opposedSidesGray ? nil : agreed(first, second)
        }

        /// The one of two excesses nearer zero when both have the same sign; 0 when they disagree.
        static func agreed(_ a: Double, _ b: Double) -> Double {
            guard a * b > 0 else { return 0 }
            return a > 0 ? min(a, b) : max(a, b)
        }
    }

    /// The streaks among the near range's excess: narrow peaks standing `detectionFactor` spreads and at
    /// least `minimumAmplitude` above zero, and no higher than `maximumAmplitude`; the excess at the peak is the line's
    /// amplitude (its fall is set by `estimate`), its width no less than `minimumWidthMm`.
    static func lines(near: [Double], radius: Double) -> [Line] {
        let n = near.count
        guard n >= 3 else { return [] }
        var deviations = near.map(abs)
        let spread = 1.4826 * OrderStatistic.select(n / 2, in: &deviations)
        let floor = max(minimumAmplitude, detectionFactor * spread)
        let maxSteps = Int((maxHalfWidthDeg / angleStepDeg).rounded())
        var out: [Line] = []
        for k in 0..<n {
            let x = near[k], before = near[(k - 1 + n) % n], after = near[(k + 1) % n]
            guard abs(x) >= floor, x > 0 ? (x >= before && x > after) : (x <= before && x < after) else { continue }
            // Half-maximum on each side within maxHalfWidthDeg, or a valley before it and the rise of a neighbouring peak.
            var halfWidths: [Double] = []
            for step in [-1, 1] {
                var q = 1, valley = abs(x)
                while q <= maxSteps {
                    let y = near[((k + step * q) % n + n) % n]
                    if y * x <= 0 || abs(y) <= abs(x) / 2 || abs(y) >= valley + valleyRise * abs(x) { break }
                    valley = min(valley, abs(y))
                    q += 1
                }
                halfWidths.append(Double(q) * angleStepDeg)
            }
            guard halfWidths.allSatisfy({ $0 <= maxHalfWidthDeg }) else { continue }
            let halfWidth = halfWidths.min()! * .pi / 180
            // Half-width at half maximum to the Gaussian's 1/e half-width: divide by √(ln 2).
            let width = max(minimumWidthMm, radius * tan(halfWidth) / log(2.0).squareRoot())
            // The fall is read on the far range for the lines kept (`estimate`); level until then.
            out.append(Line(angleDeg: Double(k) * angleStepDeg, amplitude: x, falloff: 1, widthMm: width))
        }
        // One line per peak: a flat or notched top gives two maxima; the higher one stands for both.
        var kept: [Line] = []
        for line in out.sorted(by: { abs($0.amplitude) > abs($1.amplitude) }) {
            let close = kept.contains { other in
                let d = abs(other.angleDeg - line.angleDeg).truncatingRemainder(dividingBy: 180)
                return other.amplitude * line.amplitude > 0 && min(d, 180 - d) <= maxHalfWidthDeg
            }
            if !close { kept.append(line) }
        }
        return kept.filter { abs($0.amplitude) <= maximumAmplitude }.sorted { $0.angleDeg < $1.angleDeg }
    }
}
