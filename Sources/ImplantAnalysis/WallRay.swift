import Measurements

/// The gray values along one ray from the implant outwards, for the bone walls around it (CLINICAL.md §2.4–2.5):
/// blooming-corrected, averaged over three rays 5° apart (`profile`; for bone against the implant the side rays
/// read square to the centre ray, `ImplantMeasurer.wallRay`) and over a wider fan (`wide`) that decides
/// where a wall ends; sample k lies `margin + k × step` mm beyond the thread envelope, nil outside the scan.
struct WallRay {
    var profile: [Double?]
    var wide: [Double?]
    var margin: Double
    var step: Double
    var levels: GrayLevels

    /// Soft gaps shorter than this inside a wall are trabecular spaces or noise, not the wall's end (mm).
    static let gapBridgeMm = 0.5
    /// Gaps in a wall that never fall to soft tissue (marrow spaces of low-density cancellous bone,
    /// 0.5–1 mm across at the phantom's 1.6 mm trabecular period) are bridged up to this length (mm).
    static let marrowBridgeMm = 2.0
    /// A wall across soft tissue starts where the profile rises above soft tissue (`GrayLevels.softTissueCut`),
    /// not at its first bone sample, when it stays there at least this long (mm) before that sample: cancellous
    /// bone of low density beside a moat, blurred with it, reads between soft tissue and the bone threshold
    /// (seed 430 #0: the 2.1 mm buccal plate beyond a 1.4 mm moat, 305 HU bone under 0.56 mm blur, read 160–200
    /// for its inner 0.9 mm against a threshold of 214, and was measured as its 1.1 mm outer cortex). A
    /// blurred cortical edge passes between the two levels within 0.1 mm (σ ≤ 0.26 mm). Only where soft tissue
    /// shows inside the lead, `outsideOffsetMm` or more beyond the margin: a lead from the margin is bone the blur
    /// joined to the implant at a defect's floor (seed 233 #0, 0.15 mm above the floor of a 1 mm moat: the plate
    /// read 3.1 mm for 2.1), or a low-contrast edge whose soft side the margin hides (seed 167 #0 at 5 mm, D4 bone
    /// 220 gray above the soft tissue: 0.4 mm too thick). Over seeds 1–500 (`accuracy`, walls of truth ≥ 1 mm):
    /// nine walls 0.12–0.85 mm nearer the truth (430 #0 buccal 3 mm −0.96 → +0.11; lingual walls of seeds 190, 240,
    /// 294 (two), 358, 399, 405, 423), three 0.06–0.08 mm further from it (still within 0.13 mm), others within
    /// 0.05 mm; no defect class changed.
    static let lowDensityLeadMm = 0.3
    /// The wall's outer cortex is looked for this far inside the last bone sample (mm).
    static let outerCortexMm = 1.0
    /// Soft tissue outside the wall is read from this far past the last bone sample, over `outsideWindowMm`.
    static let outsideOffsetMm = 0.3
    static let outsideWindowMm = 1.0
    /// A plate's area is summed this far (mm) inside its first and beyond its last bone sample: the blur's
    /// tails (two standard deviations of the widest blur the phantom renders, 0.6 mm FWHM).
    static let plateTailMm = 0.5

    func gap(_ k: Int) -> Double { margin + Double(k) * step }
    /// Samples in `mm`, to the nearest.
    func samples(_ mm: Double) -> Int { Int((mm / step).rounded()) }
    func isBone(_ k: Int) -> Bool { profile[k].map { $0 >= levels.boneThreshold && $0 < levels.metalThreshold } ?? false }

    /// The first run of bone: its first and last bone samples. Starting at the surface, the first is the
    /// margin's sample whether or not it reads as bone. Nil when no bone sample is found before the run ends.
    /// A gap ends the run once it is `gapBridgeMm` long and has reached soft tissue (below
    /// `GrayLevels.softTissueCut`, on the wide fan); a gap that stays above that is a marrow space of
    /// low-density cancellous bone, bridged up to `marrowBridgeMm`. Not from the surface, the run takes in a lead
    /// of low-density bone on its inner side (`lowDensityLeadMm`).
    func run(fromSurface: Bool) -> (first: Int, last: Int)? {
        let softCut = levels.softTissueCut
        var first: Int? = fromSurface ? 0 : nil, last = 0, sawBone = false, gapMin = Double.infinity
        for k in 0..<profile.count {
            if isBone(k) {
                if first == nil { first = k }
                last = k
                sawBone = true
                gapMin = .infinity
            } else if first != nil {
                gapMin = min(gapMin, wide[k] ?? -.infinity)
                let length = gap(k) - gap(last)
                if (length >= Self.gapBridgeMm && gapMin < softCut) || length >= Self.marrowBridgeMm { break }
            }
        }
        guard var first, sawBone else { return nil }
        if !fromSurface {
            // Low-density bone on the wall's inner side: samples above soft tissue for `lowDensityLeadMm` or more,
            // with soft tissue inside them where `innerEdge` reads it.
            var k = first
            while k > 0, let v = profile[k - 1], v >= softCut { k -= 1 }
            let softInside = k >= max(1, samples(Self.outsideOffsetMm)) && profile[k - 1] != nil
            if softInside && gap(first) - gap(k) >= Self.lowDensityLeadMm { first = k }
        }
        return (first, last)
    }

    /// The run's thickness between its inner edge (the surface when it starts there, else `innerEdge`) and the
    /// half-maximum point of its outer edge (`outerEdge`).
    func halfMaximumThickness(_ run: (first: Int, last: Int)) -> Double {
        let inner = run.first == 0 ? 0 : innerEdge(first: run.first, last: run.last)
        return max(0, outerEdge(last: run.last) - inner)
    }

    /// The half-maximum point of the wall's outer edge: from the brightest sample within `outerCortexMm`
    /// inside the last bone sample, outwards to where the profile falls below half the way to the soft
    /// tissue beyond (the median over `outsideWindowMm` from `outsideOffsetMm` past the last bone sample;
    /// the scan's soft-tissue level where the profile ends). Interpolated between samples.
    func outerEdge(last: Int) -> Double {
        let fallback = gap(last) + step / 2
        let from = max(0, last - samples(Self.outerCortexMm))
        guard let peakIndex = (from...last).max(by: { (profile[$0] ?? -.infinity) < (profile[$1] ?? -.infinity) }),
              let peak = profile[peakIndex] else { return fallback }
        let lo = last + samples(Self.outsideOffsetMm)
        let hi = min(profile.count - 1, lo + samples(Self.outsideWindowMm))
        let outside = lo <= hi ? (lo...hi).compactMap { profile[$0] } : []
        let soft = outside.isEmpty ? levels.softTissue : OrderStatistic.median(outside)
        guard peak > soft else { return fallback }
        let edge = crossing(of: (peak + soft) / 2, from: peakIndex, direction: 1)
        return edge.at ?? gap(edge.last) + step / 2
    }

    /// Where the profile, walked from sample `start` (not nil) one sample at a time in `direction` (+1 outwards,
    /// −1 inwards), first passes `level`, interpolated between the samples either side of it; and the last sample
    /// on `start`'s side. Nil `at` when the profile ends, or has a hole, before it passes.
    func crossing(of level: Double, from start: Int, direction: Int) -> (last: Int, at: Double?) {
        let above = profile[start]! >= level
        var k = start
        while profile.indices.contains(k + direction), let next = profile[k + direction], (next >= level) == above {
            k += direction
        }
        guard profile.indices.contains(k + direction), let a = profile[k], let b = profile[k + direction] else { return (k, nil) }
        return (k, gap(k) + Double(direction) * step * (a - level) / (a - b))
    }

    /// The bone's level inside a wall's inner edge is read over this span beyond its first bone sample (mm): clear
    /// of the blurred edge's foot, where the bone threshold first passes, and short of the outer cortex of a wall
    /// thicker than the blur. A wall across a defect's moat is cut bone, cancellous as often as cortex: the
    /// brightest sample within `outerCortexMm`, as the outer edge reads, was the outer cortex on thick walls
    /// and put their inner edge 0.2–0.65 mm outwards. Measured on the 66 walls across moats of phantom seeds
    /// 1–120 (buccal and lingual, truth ≥ 1 mm; `accuracy`): against the truth, this span gave a mean error
    /// −0.005 mm and MAE 0.117 mm, 0.3–0.8 mm −0.035 and 0.119, 0.5–1.0 mm −0.072 and 0.145, the brightest
    /// sample within 1 mm −0.113 and 0.177, and the first bone sample (as before) +0.082 and 0.163 mm.
    static let innerLevelMm = 0.2...0.6

    /// The half-way point of a wall's inner edge, where it stands across soft tissue from the implant: half-way
    /// between the soft tissue inside it (the median over `outsideWindowMm` ending `outsideOffsetMm` before the
    /// first bone sample, from the margin on) and the bone's level beyond it (the median over `innerLevelMm`
    /// beyond the first bone sample, up to the run's last), the crossing nearest the first bone sample,
    /// interpolated between samples. Half a step inside the first bone sample without soft tissue inside to read.
    ///
    /// The first bone sample alone crosses the blurred edge where it has risen to the bone threshold, a fifth of
    /// the way up to cortex: a 1.2 mm plate beyond a moat read 0.2–0.3 mm thick at 0.4–0.55 mm of blur (phantom
    /// seeds 3, 39, 95).
    func innerEdge(first: Int, last: Int) -> Double {
        let fallback = gap(first) - step / 2
        let hi = first - samples(Self.outsideOffsetMm)
        let lo = max(0, hi - samples(Self.outsideWindowMm))
        let from = first + samples(Self.innerLevelMm.lowerBound)
        let to = min(last, profile.count - 1, first + samples(Self.innerLevelMm.upperBound))
        guard hi >= 0, from <= to else { return fallback }
        let beyond = (from...to).compactMap { profile[$0] }, inside = (lo...hi).compactMap { profile[$0] }
        guard !beyond.isEmpty, !inside.isEmpty else { return fallback }
        let bone = OrderStatistic.median(beyond), soft = OrderStatistic.median(inside)
        guard bone > soft else { return fallback }
        let half = (bone + soft) / 2
        guard let start = profile[first] else { return fallback }
        // Inwards from a first sample already past half-way, else outwards to where the profile reaches it.
        if start >= half {
            let edge = crossing(of: half, from: first, direction: -1)
            return edge.at ?? gap(edge.last) - step / 2
        }
        return crossing(of: half, from: first, direction: 1).at ?? fallback
    }

    /// Thickness of a plate standing clear of the implant (no contact): for a plate thinner than the blur, its
    /// half-maximum width is the blur's, whatever the plate (a 0.2 mm plate read 0.7 mm), while the area
    /// under its profile above the soft tissue on both sides is its thickness times its contrast, whatever
    /// the blur. The contrast is the cortical peak's (`GrayLevels.cortical`): a thin plate is cortex. A plate
    /// whose width between its half-maximum edges exceeds `MeasurementQuality.thinWallMm` is read by that width, since a thicker
    /// plate holds cancellous bone and its area would read it thinner. 0 without a plate.
    func plateThickness() -> Double {
        guard let run = run(fromSurface: false) else { return 0 }
        let width = max(0, outerEdge(last: run.last) - innerEdge(first: run.first, last: run.last))
        guard width <= MeasurementQuality.thinWallMm else { return width }
        let tail = samples(Self.plateTailMm)
        let lo = max(0, run.first - tail), hi = min(profile.count - 1, run.last + tail)
        func median(_ range: Range<Int>) -> Double? {
            let values = range.clamped(to: 0..<profile.count).compactMap { profile[$0] }
            return values.isEmpty ? nil : OrderStatistic.median(values)
        }
        // Soft tissue: inside the plate (the moat, from the margin) and beyond it (over twice the tail).
        let sides = [median(0..<lo), median((hi + 1)..<(hi + 1 + 2 * tail))].compactMap { $0 }
        let soft = sides.isEmpty ? levels.softTissue : sides.reduce(0, +) / Double(sides.count)
        guard levels.cortical > soft else { return width }
        let area = (lo...hi).reduce(0.0) { $0 + ((profile[$1] ?? soft) - soft) * step }
        return min(width, max(0, area / (levels.cortical - soft)))
    }
}
