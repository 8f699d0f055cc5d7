import VolumeCore

/// Reference gray values of one scan, read from its histogram: air, soft tissue, bone and the metal
/// threshold. Everything is in the scan's own gray values, calibrated or not.
public struct GrayLevels: Sendable, Equatable {
    public var air: Double
    public var softTissue: Double
    /// Median of the voxels between soft tissue and metal (cancellous and cortical bone).
    public var bone: Double
    /// Bone is taken as present at or above this value (after blooming correction).
    public var boneThreshold: Double
    /// The cortical peak: the brightest tall peak of bone between the bone median and the metal (see
    /// `corticalPeak`); the gray value of bone that is cortical through the blur (the jaw's lower border).
    public var cortical: Double
    public var metalThreshold: Double
    /// A lower metal threshold, for implants whose metal lies below `metalThreshold` (titanium beside a
    /// brighter, saturating metal): the valley before a lesser metal peak below it (`lesserMetalValley`); nil
    /// without one, or when the threshold was given.
    public var lowerMetalThreshold: Double?
    /// The highest and lowest gray values in the scan: where the stored values clip, metal (air) piles up there.
    public var highest: Double
    public var lowest: Double
    /// The air's most frequent value (counts smoothed ±10) from just above the lowest value to
    /// `airBelowSoftTissue` under soft tissue; nil when there is none, when it lies at the lowest value
    /// (`airAboveFloor`: air clipped at the bottom of the stored range, its true level unknown), or when it does
    /// not stand out as a peak (`airPeakProminence`: the flat tail above such clipped air).
    public var airPeak: Double?
    /// Air lies at least this far below soft tissue (gray values; 1050 HU in a calibrated scan).
    public static let airBelowSoftTissue = 500
    /// Air whose peak lies within this many gray values of the lowest value is clipped there (its peak
    /// is below the floor): twice the peak search's smoothing.
    public static let airAboveFloor = 2 * peakSmoothing
    /// ...and that stands less than this many times above the lowest point between it and soft tissue (counts
    /// averaged over ±`peakSmoothing`; dimensionless) is not air's peak but the flat tail above air clipped there.
    /// Seed 343: air clipped at the bottom of a 12-bit range (−1100) leaves 35–54 voxels per value above it, flat for
    /// 60 values and falling to about 15 by −700 (the blurred edges of air against soft tissue); the most frequent
    /// of them lay 21 above the floor and was read as air's level, against which both titanium implants, clipped at
    /// the top, read as zirconia. Air partly clipped (seeds 24 and 93, its level 25–40 above the floor) stands 30–60
    /// times above that valley.
    public static let airPeakProminence = 5.0
    /// Half-width of the smoothing in the peak search (gray values), so that noise does not pick a spike.
    static let peakSmoothing = 10

    /// Whether a value sits at the top of the scan's range, where clipped stored values pile up.
    public func reachesTop(_ value: Double) -> Bool { value >= highest - 0.5 }

    /// Bone threshold as a fraction of the way from soft tissue to the bone median: low enough for
    /// D4 bone (150–350 HU, Misch) to count, high enough that soft tissue with noise does not.
    public static let boneFraction = 0.4
    /// A value below this fraction of the way from soft tissue to the bone threshold reads as soft tissue
    /// (dimensionless): marrow spaces of low-density cancellous bone stay above it.
    public static let softTissueCutFraction = 0.5
    /// Values at least this far above the soft-tissue peak are bone candidates (HU).
    public static let boneMarginHU = 150.0

    /// Below this a value reads as soft tissue, not as marrow (`softTissueCutFraction`).
    public var softTissueCut: Double { softTissue + Self.softTissueCutFraction * (boneThreshold - softTissue) }

    /// Soft tissue's value on the Hounsfield scale (HU): muscle and gingiva read 40–60 HU on calibrated CT
    /// (Hounsfield-unit reference tables; the phantom's soft tissue is 50 HU). With `airNominalHU`, places water
    /// between air and soft tissue (`water`) and scales the metal contrasts (`MaterialClassifier`).
    public static let softTissueNominalHU = 50.0
    /// Air on the Hounsfield scale (HU), by definition.
    public static let airNominalHU = -1000.0

    /// A water level read within this of 0 (gray values) is taken as 0: the scale is then HU as stored, and the
    /// reading's own error is as large. Measured on random phantoms 1–80, whose water is known (their gray
    /// offset): the 60 stored in HU read −2.9 to +7.9 (seed 177: +7.5); the 20 with an offset or a scale 2.4 below
    /// to 6.2 above it where air's peak shows, 1.4 to 17.3 above it where air is clipped (the fallback's one gray
    /// value per HU is 8 of the 17.3, at a scale of 1.16). Soft tissue's peak reads up to 9.3 gray values high,
    /// where it meets bone and bloomed tissue.
    public static let waterTolerance = 10.0

    /// The gray value of water (0 HU) in this scan's own scale: metal blooming scales values about it
    /// (`BloomingModel`). On the line through air (−1000 HU, `airPeak`) and soft tissue
    /// (`softTissueNominalHU`); where air's level is not known (clipped, or no air in the field),
    /// `softTissueNominalHU` gray values below soft tissue, one gray value per HU; 0 when that reads within
    /// `waterTolerance` of 0. An uncalibrated scale's water is where it puts 0 HU (a PNG stack exported without its
    /// rescale intercept, a CBCT's vendor offset).
    public var water: Double {
        // Air's peak, when read, lies at least `airBelowSoftTissue` under soft tissue.
        let reading = airPeak.map { air in
            air + (softTissue - air) * -Self.airNominalHU / (Self.softTissueNominalHU - Self.airNominalHU)
        } ?? softTissue - Self.softTissueNominalHU
        return abs(reading) <= Self.waterTolerance ? 0 : reading
    }

    /// Reads the levels from a scan's histogram (`histogram[v − Int16.min]`); `metalThreshold` nil
    /// chooses it at the valley between the bright bone (cortical bone, brightened further by blooming
    /// next to metal) and the first metal peak above it.
    public init(histogram all: [Int], metalThreshold given: Double?) {
        func value(_ bin: Int) -> Double { Double(bin + Int(Int16.min)) }
        let histogram = Self.withoutPadding(all)
        let (p01, best) = Self.airAndSoftTissueBins(histogram)
        air = value(p01)
        softTissue = value(best)
        // Bone: median of the values from soft tissue + margin up (an empty range when that is off the top).
        let boneLo = best + Int(Self.boneMarginHU)
        let boneBins = min(boneLo, histogram.count)..<histogram.count
        let boneCount = histogram[boneBins].reduce(0, +)
        var acc = 0, median = boneLo
        for bin in boneBins {
            acc += histogram[bin]
            if acc * 2 >= boneCount { median = bin; break }
        }
        bone = value(median)
        boneThreshold = softTissue + Self.boneFraction * (bone - softTissue)
        let smoothed = Self.Smoothed(histogram)
        let spikeFrom = Self.saturationSpike(histogram, smoothed)
        let corticalBin = Self.corticalPeak(smoothed, bone: median, softTissue: best, spikeFrom: spikeFrom)
        cortical = value(corticalBin)
        metalThreshold = given ?? Self.metalValley(smoothed, cortical: corticalBin, softTissue: best, spikeFrom: spikeFrom)
        lowerMetalThreshold = given != nil ? nil
            : Self.lesserMetalValley(smoothed, cortical: corticalBin, softTissue: best, below: Int(metalThreshold) - Int(Int16.min))
        highest = value(histogram.lastIndex { $0 > 0 } ?? 0)
        let lowest = histogram.firstIndex { $0 > 0 } ?? 0
        self.lowest = value(lowest)
        // The floor's own bin left out: partly clipped air still shows its peak above it.
        let airRange = (lowest + 1)..<max(lowest + 1, best - Self.airBelowSoftTissue)
        let air = airRange.isEmpty || histogram[airRange].reduce(0, +) == 0 ? nil : Self.peak(histogram, in: airRange)
        airPeak = air.flatMap { peak in
            guard peak - lowest > Self.airAboveFloor else { return nil }
            // A peak stands out above the valley between it and soft tissue; the flat tail of air clipped at the
            // floor does not.
            let w = Self.peakSmoothing
            func mean(around bin: Int) -> Double { Double(smoothed.sum(bin - w, bin + w + 1)) / Double(2 * w + 1) }
            guard peak + w < airRange.upperBound - w else { return nil }
            let valley = stride(from: peak + w, to: airRange.upperBound - w, by: 1).lazy.map(mean(around:)).min()!
            return mean(around: peak) >= Self.airPeakProminence * valley ? value(peak) : nil
        }
    }

    /// The most frequent bin in a range, counts smoothed over ±`peakSmoothing` bins.
    static func peak(_ histogram: [Int], in range: Range<Int>) -> Int {
        var best = range.lowerBound, bestCount = -1
        for bin in range {
            var window = 0
            for b in max(range.lowerBound, bin - peakSmoothing)...min(range.upperBound - 1, bin + peakSmoothing) { window += histogram[b] }
            if window > bestCount { bestCount = window; best = bin }
        }
        return best
    }

    /// The bins of air (the 0.5th percentile) and soft tissue (the most frequent value from 300 above air,
    /// smoothed over ±10 gray values so noise does not pick a spike).
    static func airAndSoftTissueBins(_ histogram: [Int]) -> (air: Int, softTissue: Int) {
        let total = histogram.reduce(0, +)
        var cumulative = 0, p01 = 0
        for (bin, count) in histogram.enumerated() {
            cumulative += count
            if cumulative * 1000 >= total * 5 { p01 = bin; break }
        }
        return (p01, peak(histogram, in: min(histogram.count - 1, p01 + 300)..<histogram.count))
    }

    /// The lowest value is padding (outside a scanner's circular or cylindrical field of view: −3024
    /// or −2000 in many CT exports) when it holds at least this share of all voxels (dimensionless)...
    static let paddingMinimumShare = 0.01
    /// ...and the `paddingGapValues` gray values above it hold less than `paddingNeighbourShare` of its count
    /// (a spike standing alone, not the edge of the air's distribution), and it lies further below the
    /// air of the other voxels than that air lies below their soft tissue (padding is chosen far outside
    /// the scanner's range; air clamped at the range's floor is not padding).
    static let paddingGapValues = 50
    static let paddingNeighbourShare = 0.1

    /// The histogram without a padding spike at its lowest value. Left in, padding reads as the air, so
    /// that the air inside the field is taken for soft tissue and soft tissue for bone (a real head CT
    /// slice, pydicom's 693_UNCR.dcm, padded with −3024, read air −3024, soft tissue −995, bone 29).
    static func withoutPadding(_ histogram: [Int]) -> [Int] {
        guard let lowest = histogram.firstIndex(where: { $0 > 0 }) else { return histogram }
        let total = histogram.reduce(0, +), count = histogram[lowest]
        let above = histogram[(lowest + 1)..<min(histogram.count, lowest + 1 + paddingGapValues)].reduce(0, +)
        guard Double(count) >= paddingMinimumShare * Double(total), Double(above) < paddingNeighbourShare * Double(count),
              count < total else { return histogram }
        var h = histogram
        h[lowest] = 0
        let (air, softTissue) = airAndSoftTissueBins(h)
        return air - lowest > softTissue - air ? h : histogram
    }

    /// Smoothing half-width of the histogram (gray values) for finding the metal valley.
    static let valleySmoothing = 25
    /// How far above the bone median the cortical peak is looked for, in soft-tissue-to-bone spans (dimensionless).
    /// Soft cancellous bone puts the bone median low and the cortex far above it: seed 79 (cancellous 336 HU, cortex
    /// 1500, 0.4 mm blur) has its bone median at 439 and the cortical peak at 1450, 2.6 spans up. With the search
    /// ending at 2.5 spans it took a ripple of the flat stretch between the two peaks for cortex: at 980 the metal
    /// valley was still found above the real cortex, but the same jaw scanned again (`implantscan repeatability`)
    /// put the ripple at 633, the metal threshold at 933, below the cortex, and the titanium implant, joined to the
    /// cortical plates, was taken for an object cut by the field's edge. Metal lies beyond the nearly empty valley
    /// that ends the search (`corticalValleyShare`), not within these spans.
    static let corticalSearchSpans = 3.5
    /// A local maximum of the histogram counts as the cortical peak only with at least this share of the
    /// tallest bone peak's count (dimensionless).
    static let corticalPeakShare = 0.5
    /// ...and only while the smoothed histogram on the way up from the tallest peak stays above this share of
    /// the candidate's count (dimensionless): cancellous and cortical bone overlap (their dip holds about half
    /// the cortical count), metal lies beyond a valley of a few per cent. Phantom seed 135, two 4.8 × 13 mm
    /// titanium implants in a 34 mm field: the metal peak held 0.58 of the cortical one and was taken for it,
    /// which left no metal threshold and both implants missed.
    static let corticalJoinShare = 0.2
    /// The smoothed histogram below this share of its count at the bone median (dimensionless) is the empty
    /// valley before the metal: no peak beyond it is bone. Seed 355 (thin cortex under 0.59 mm blur, gray scale
    /// 0.82): no bone peak stood out above the cancellous one, and the titanium peak, the tallest local maximum
    /// in the range, was taken for cortex (the implant missed); the valley before it falls to 0.003 of the bone
    /// median's count. Between the cancellous and the cortical peak of 120 phantoms (seeds 1–40 and 341–420
    /// among them) the histogram stays above 0.03 of it (seed 10), and above 0.05 on all but that one.
    static let corticalValleyShare = 0.01
    /// The highest value present is a clamp spike (saturated metal at the top of the stored range) when it
    /// holds at least this many times the mean count of the `valleySmoothing` values below it
    /// (dimensionless; phantom seed 50 has 23,540 voxels at the 12-bit ceiling against about 7 per value
    /// below it). Smoothed, such a spike looks like a peak as tall as the cortical one and was taken for it,
    /// which left no metal threshold: all implants of phantom seeds 81, 93, 104 and 112 (accuracy run on
    /// seeds 41–120) were missed.
    static let saturationSpikeRatio = 20.0
    /// Before a saturation spike, the valley's floor: smoothed counts within this factor of its lowest
    /// (dimensionless; the floor of a flat valley varies by about this much with noise, seed 50: 6.5–8 per value).
    static let valleyFloorFactor = 1.5

    /// The histogram's counts averaged over ±`valleySmoothing` gray values (from a prefix sum).
    struct Smoothed {
        let count: Int
        private let prefix: [Int]
        init(_ histogram: [Int]) {
            count = histogram.count
            var prefix = [Int](repeating: 0, count: count + 1)
            for i in 0..<count { prefix[i + 1] = prefix[i] + histogram[i] }
            self.prefix = prefix
        }
        /// Total count of bins lo..<hi.
        func sum(_ lo: Int, _ hi: Int) -> Int { prefix[hi] - prefix[lo] }
        func callAsFunction(_ i: Int) -> Double {
            let a = max(0, i - valleySmoothing), b = min(count - 1, i + valleySmoothing)
            return Double(prefix[b + 1] - prefix[a]) / Double(b - a + 1)
        }
    }

    /// Where the smoothed histogram starts to see a saturation spike at its top (`saturationSpikeRatio`),
    /// nil without one. A saturation spike is metal, never the cortical peak.
    static func saturationSpike(_ histogram: [Int], _ smooth: Smoothed) -> Int? {
        guard let top = histogram.lastIndex(where: { $0 > 0 }), top > valleySmoothing else { return nil }
        let below = Double(smooth.sum(top - valleySmoothing, top)) / Double(valleySmoothing)
        return Double(histogram[top]) >= saturationSpikeRatio * max(below, 1) ? top - valleySmoothing : nil
    }

    /// The cortical peak's bin: of the local maxima of the smoothed histogram from a quarter of a
    /// soft-tissue-to-bone span above the bone median (past most of the cancellous peak) to
    /// `corticalSearchSpans` spans above it, the brightest that holds at least `corticalPeakShare` of the tallest's count.
    /// A metal peak in the range (a small field of view with a dull, saturating implant puts it there)
    /// lies beyond a nearly empty valley, bone's peaks do not (`corticalJoinShare`). The search stops short
    /// of a saturation spike, and where the histogram first falls below `corticalValleyShare` of its count at
    /// the bone median. Without a local maximum: half a span above the bone median.
    static func corticalPeak(_ smooth: Smoothed, bone: Int, softTissue: Int, spikeFrom: Int?) -> Int {
        let span = max(200, bone - softTissue)
        var end = min(smooth.count - valleySmoothing, spikeFrom.map { $0 - valleySmoothing } ?? .max)
        // Nothing beyond a nearly empty valley above the bone median is bone.
        let floor = corticalValleyShare * smooth(bone)
        if let valley = stride(from: bone, to: end, by: 1).first(where: { smooth($0) < floor }) { end = valley }
        var peaks: [(bin: Int, count: Double)] = []
        for i in stride(from: bone + span / 4, to: min(end, bone + Int(corticalSearchSpans * Double(span))), by: 5) {
            let c = smooth(i)
            if c >= smooth(i - valleySmoothing) && c >= smooth(i + valleySmoothing) && c > 0 { peaks.append((i, c)) }
        }
        var peak = bone + span / 2
        if let top = peaks.indices.max(by: { peaks[$0].count < peaks[$1].count }) {
            let tallest = peaks[top].count
            peak = peaks[top].bin
            var low = Double.infinity, bin = peak
            for candidate in peaks[(top + 1)...] {
                while bin < candidate.bin { low = min(low, smooth(bin)); bin += 1 }
                if low < corticalJoinShare * candidate.count { break }
                if candidate.count >= corticalPeakShare * tallest { peak = candidate.bin }
            }
        }
        return peak
    }

    /// A peak of the smoothed histogram between the cortical peak and the metal threshold is a metal of its own
    /// when it stands at least this many times above the lowest points on both sides of it (dimensionless): a
    /// population, not a tail. Titanium beside a saturating metal crown (phantom seed 217, 0.25 mm voxels,
    /// 0.57 mm blur): the titanium peak stands 3.0 times above the valley below it (the blurred edges of the
    /// implant and the crown fill that valley), short of `metalValley`'s four, and 9 times above the one
    /// above it; the threshold went above the titanium, and the implant was missed.
    static let lesserMetalPeakRatio = 2.0

    /// Below the first lesser metal peak (`lesserMetalPeakRatio`) from where `metalValley` starts its search up
    /// to the bin `threshold`, the upper end of the valley's floor (smoothed counts within `valleyFloorFactor`
    /// of its lowest); nil without such a peak. That floor holds the tail of bloomed bone as much as the
    /// metal's blurred edges, and bloomed bone above the threshold joins the implant's object and pulls its
    /// axis: on seed 217 the implant's axis was 1.02° off with the threshold at the floor's lowest point
    /// (1975), 0.43° at its upper end (2200).
    static func lesserMetalValley(_ smooth: Smoothed, cortical peak: Int, softTissue: Int, below threshold: Int) -> Double? {
        let end = min(smooth.count, threshold)
        var i = valleySearchStart(smooth, cortical: peak, softTissue: softTissue)
        var valley = i, valleyEnd = i, valleyCount = smooth(i)
        while i < end {
            let c = smooth(i)
            if c < valleyCount { valley = i; valleyEnd = i; valleyCount = c } else if c == valleyCount { valleyEnd = i }
            if c >= lesserMetalPeakRatio * max(valleyCount, 0.05) && c > 0.5 && i - valleyEnd > valleySmoothing {
                // Climb to the top of the peak, then ask for the fall beyond it.
                var top = i
                while top + 2 < end && smooth(top + 2) >= smooth(top) { top += 2 }
                let height = smooth(top)
                var beyond = height
                for j in stride(from: top, to: end, by: 2) { beyond = min(beyond, smooth(j)) }
                if height >= lesserMetalPeakRatio * max(beyond, 0.05) {
                    // The upper end of the valley's floor (within `valleyFloorFactor` of its lowest count).
                    let floor = valleyFloorFactor * max(valleyCount, 0.05)
                    var hi = top
                    while hi > valley && smooth(hi) > floor { hi -= 2 }
                    return Double(hi + Int(Int16.min))
                }
                i = top
            }
            i += 2
        }
        return nil
    }

    /// Where the search for a metal valley starts: 40 % of the soft-tissue-to-cortical distance above the
    /// cortical peak, so that a noisy cortical tail is not taken for a rise to metal.
    static func valleySearchStart(_ smooth: Smoothed, cortical peak: Int, softTissue: Int) -> Int {
        min(smooth.count - 1, peak + (peak - softTissue) * 2 / 5)
    }

    /// The metal threshold: well above the cortical peak, the lowest point of the smoothed histogram
    /// before it rises again to a metal peak (four times the valley's count). Without such a rise: no metal.
    static func metalValley(_ smooth: Smoothed, cortical peak: Int, softTissue: Int, spikeFrom: Int?) -> Double {
        let n = smooth.count
        // The valley's lowest point (across a flat, empty stretch, its middle).
        let start = valleySearchStart(smooth, cortical: peak, softTissue: softTissue)
        var valley = start, valleyEnd = start, valleyCount = smooth(start)
        var i = start
        while i < n {
            let c = smooth(i)
            if c < valleyCount { valley = i; valleyEnd = i; valleyCount = c } else if c == valleyCount { valleyEnd = i }
            if c >= 4 * max(valleyCount, 0.05) && c > 0.5 && i - valleyEnd > valleySmoothing {
                if let spikeFrom, i >= spikeFrom, valleyEnd >= spikeFrom - 2 * valleySmoothing {
                    // The rise is the saturation spike itself and the lowest point lies against it: along a flat
                    // floor that point is noise (phantom seed 50: just below the spike, above the implant's own
                    // gray). The middle of the stretch near the floor instead.
                    let floor = valleyFloorFactor * max(valleyCount, 0.05)
                    var lo = start
                    while lo < i && smooth(lo) > floor { lo += 2 }
                    var hi = min(i, spikeFrom)
                    while hi > lo && smooth(hi) > floor { hi -= 2 }
                    // Where a lesser metal's peak (`lesserMetalPeakRatio` above the valley) stands inside that stretch,
                    // only the stretch against the spike: the middle from bone's tail to the spike can fall inside the
                    // peak (phantom seed 605: titanium at 2800 beside a crown's spike, the middle at 2682; noise took the
                    // implant's centre line under it 6 mm above the apex, and it read 5.8 mm long for 11.5). That metal
                    // then gets its own threshold below its peak (`lesserMetalValley`), as beside any brighter metal.
                    if stride(from: lo, through: hi, by: 2).contains(where: { smooth($0) >= lesserMetalPeakRatio * max(valleyCount, 0.05) }) {
                        lo = hi
                        while lo - 2 >= start && smooth(lo - 2) <= floor { lo -= 2 }
                    }
                    return Double((lo + hi) / 2 + Int(Int16.min))
                }
                return Double((valley + valleyEnd) / 2 + Int(Int16.min))
            }
            i += 2
        }
        return Double(n + Int(Int16.min))
    }

}
