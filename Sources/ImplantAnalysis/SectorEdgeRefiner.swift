import Measurements

/// Places a defect's side edge inside the 5° sectors it falls between: a sector's level is that of the bone
/// across its width (the phantom's truth reads it as the mean over the centres of its four quarters,
/// `GroundTruth.sectorLevel`).
///
/// The profile reads each sector as wholly defect or wholly bone. Where a defect's side edge crosses a sector,
/// that sector's level is the mix of the two sides in the proportion of its width on each. Reading the edge
/// with the bone test shifted it, too: the threshold sits 40 % of the way from soft tissue to bone, so across
/// the blurred edge it is reached inside the defect, and a sector centred on the edge read as bone. On seeds
/// 1–120, every half moat (Schwarz Ib) ended at its mesial and distal sector reading the bone's level against
/// the truth's half-depth: the mesial and distal sites 0.15–0.6 mm short.
///
/// Here the edge is the angle where the band, averaged over the depths where one side is defect and the other
/// bone, crosses half-way between the defect's and the bone's values read beside it (the half-maximum point of
/// a blurred step is the step).
enum SectorEdgeRefiner {
    /// Neighbouring sector levels at least this far apart (mm) are a defect's side edge.
    static let stepMinMm = 1.0
    /// The sector beyond each end of the step must lie within this (mm) of it: a clean step between two
    /// plateaus, not a narrow defect or a slope.
    static let plateauToleranceMm = 0.5
    /// The plateaus' values are read this far (degrees) beyond the step's first and last sector boundaries; the
    /// band's taps reach 5° further, and the edge is looked for between those boundaries and `searchHalfWidthDeg`
    /// beyond them.
    static let referenceOffsetDeg = 12.5
    static let searchHalfWidthDeg = 5.0
    static let searchStepDeg = 0.25
    /// Depths read between the two levels, this far inside each (mm), every `depthStepMm`.
    static let depthInsetMm = 0.25
    static let depthStepMm = 0.25

    /// A step may pass through at most this many sectors between its two plateaus: a sector straddling a blurred
    /// edge reads part of the way between them (dimensionless; at 0 only neighbouring sectors form a step). Two
    /// changed one sector row by 0.01 mm over seeds 1–260 and nothing else.
    static let maxTransitionSectors = 1

    /// The sector levels (72, median-filtered) with each clean step's sectors mixed by where the edge lies.
    ///
    /// A step runs from a plateau's last sector to the next plateau's first, directly or through one sector that
    /// reads between the two (further than `plateauToleranceMm` from both). Seed 177's distal end read 3.83, 4.00,
    /// 6.90, 7.95 mm across 270–285° where the truth has 6, 8, 8, 8: the sector at 280° half-mixed by the band's
    /// ±5° taps, and no one-sector step was clean. Read through that sector, the edge lies at 273°: the truth's
    /// 270° seen in a frame whose buccal direction is 2.7° off (the distal site 0.94 → 0.49 mm off).
    static func refine(_ levels: [Double], probe: BoneProbe, margin: Double) -> [Double] {
        let n = levels.count
        var refined = levels
        // Steps never share a sector: each needs the sector beyond either end level with that end (within
        // `plateauToleranceMm`), a step is at least `stepMinMm`, and a sector between its ends lies further
        // than `plateauToleranceMm` from both.
        for k in 0..<n {
            for span in 1...(1 + maxTransitionSectors) {
                let end = (k + span) % n
                let (a, b) = (levels[k], levels[end])
                guard abs(a - b) >= stepMinMm else { continue }
                let before = levels[(k - 1 + n) % n], after = levels[(end + 1) % n]
                guard abs(before - a) <= plateauToleranceMm, abs(after - b) <= plateauToleranceMm else { continue }
                let between = (1..<span).map { levels[(k + $0) % n] }
                guard between.allSatisfy({ (min(a, b)...max(a, b)).contains($0)
                                           && abs($0 - a) > plateauToleranceMm && abs($0 - b) > plateauToleranceMm })
                else { continue }
                let first = SectorGeometry.angleDeg(ofSector: k) + SectorGeometry.sectorWidthDeg / 2
                let last = first + Double(span - 1) * SectorGeometry.sectorWidthDeg
                // The defect lies towards lower angles when sector k is the deeper one.
                let defectBelow = a > b
                let deep = max(a, b), shallow = min(a, b)
                guard let edge = edgeAngle(probe: probe, margin: margin, boundaries: first...last, defectBelow: defectBelow,
                                           from: shallow + depthInsetMm, to: deep - depthInsetMm)
                else { continue }
                for s in (0...span).map({ (k + $0) % n }) {
                    let start = SectorGeometry.angleDeg(ofSector: s) - SectorGeometry.sectorWidthDeg / 2
                    var into = edge - start
                    into -= 360 * (into / 360).rounded()
                    let below = min(1, max(0, into / SectorGeometry.sectorWidthDeg))
                    let deepShare = defectBelow ? below : 1 - below
                    refined[s] = deepShare * deep + (1 - deepShare) * shallow
                }
            }
        }
        return refined
    }

    /// The angle within `searchHalfWidthDeg` of the sector boundaries `boundaries` (degrees, increasing) where the
    /// band's mean over depths `from`…`to` crosses half-way between the defect's value and the bone's, read
    /// `referenceOffsetDeg` beyond the first and last boundary; nil when the depths are too few, the band leaves
    /// the scan, the bone does not read brighter, or nothing crosses.
    static func edgeAngle(probe: BoneProbe, margin: Double, boundaries: ClosedRange<Double>, defectBelow: Bool,
                          from top: Double, to bottom: Double) -> Double? {
        guard bottom >= top else { return nil }
        var depths: [Double] = []
        var d = top
        while d <= bottom + 1e-9 { depths.append(d); d += depthStepMm }
        func mean(at angle: Double) -> Double? {
            var sum = 0.0
            for depth in depths {
                guard let v = probe.bandMean(depth: depth, angleDeg: angle, margin: margin) else { return nil }
                sum += v
            }
            return sum / Double(depths.count)
        }
        let (defectSide, boneSide) = defectBelow ? (boundaries.lowerBound, boundaries.upperBound)
                                                 : (boundaries.upperBound, boundaries.lowerBound)
        let towardsBone = defectBelow ? 1.0 : -1.0
        guard let soft = mean(at: defectSide - towardsBone * referenceOffsetDeg),
              let bone = mean(at: boneSide + towardsBone * referenceOffsetDeg), bone > soft else { return nil }
        let half = (soft + bone) / 2
        // From the defect's side towards the bone's, the first crossing of the half-way value.
        let width = boundaries.upperBound - boundaries.lowerBound + 2 * searchHalfWidthDeg
        var previous: (angle: Double, value: Double)?
        var offset = 0.0
        while offset <= width + 1e-9 {
            let angle = defectSide + towardsBone * (offset - searchHalfWidthDeg)
            guard let value = mean(at: angle) else { return nil }
            if value >= half {
                guard let p = previous else { return nil }
                let f = (half - p.value) / (value - p.value)
                return p.angle + f * (angle - p.angle)
            }
            previous = (angle, value)
            offset += searchStepDeg
        }
        return nil
    }
}
