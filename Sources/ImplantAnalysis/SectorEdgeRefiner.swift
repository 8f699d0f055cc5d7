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
    /// The sector beyond each of the two on either side of the step must lie within this (mm) of it: a clean
    /// step between two plateaus, not a narrow defect or a slope.
    static let plateauToleranceMm = 0.5
    /// The plateaus' values are read this far (degrees) from the boundary between the two sectors; the band's
    /// taps reach 5° further, and the edge is looked for within `searchHalfWidthDeg` of the boundary.
    static let referenceOffsetDeg = 12.5
    static let searchHalfWidthDeg = 5.0
    static let searchStepDeg = 0.25
    /// Depths read between the two levels, this far inside each (mm), every `depthStepMm`.
    static let depthInsetMm = 0.25
    static let depthStepMm = 0.25

    /// The sector levels (72, median-filtered) with each clean step's two sectors mixed by where the edge lies.
    static func refine(_ levels: [Double], probe: BoneProbe, margin: Double) -> [Double] {
        let n = levels.count
        var refined = levels
        // Two steps never share a sector: each needs the sector beyond it level with its own (within
        // `plateauToleranceMm`), and a step is at least `stepMinMm`.
        for k in 0..<n {
            let next = (k + 1) % n
            let (a, b) = (levels[k], levels[next])
            guard abs(a - b) >= stepMinMm else { continue }
            let before = levels[(k - 1 + n) % n], after = levels[(k + 2) % n]
            guard abs(before - a) <= plateauToleranceMm, abs(after - b) <= plateauToleranceMm else { continue }
            let boundary = SectorGeometry.angleDeg(ofSector: k) + SectorGeometry.sectorWidthDeg / 2
            // The defect lies towards lower angles when sector k is the deeper one.
            let defectBelow = a > b
            let deep = max(a, b), shallow = min(a, b)
            guard let edge = edgeAngle(probe: probe, margin: margin, boundary: boundary, defectBelow: defectBelow,
                                       from: shallow + depthInsetMm, to: deep - depthInsetMm)
            else { continue }
            for s in [k, next] {
                let start = SectorGeometry.angleDeg(ofSector: s) - SectorGeometry.sectorWidthDeg / 2
                var into = edge - start
                into -= 360 * (into / 360).rounded()
                let below = min(1, max(0, into / SectorGeometry.sectorWidthDeg))
                let deepShare = defectBelow ? below : 1 - below
                refined[s] = deepShare * deep + (1 - deepShare) * shallow
            }
        }
        return refined
    }

    /// The angle within `searchHalfWidthDeg` of `boundary` where the band's mean over depths `from`…`to` crosses
    /// half-way between the defect's value and the bone's, read `referenceOffsetDeg` to either side; nil when
    /// the depths are too few, the band leaves the scan, the bone does not read brighter, or nothing crosses.
    static func edgeAngle(probe: BoneProbe, margin: Double, boundary: Double, defectBelow: Bool,
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
        let towardsBone = defectBelow ? 1.0 : -1.0
        guard let soft = mean(at: boundary - towardsBone * referenceOffsetDeg),
              let bone = mean(at: boundary + towardsBone * referenceOffsetDeg), bone > soft else { return nil }
        let half = (soft + bone) / 2
        // From the defect's side towards the bone's, the first crossing of the half-way value.
        var previous: (angle: Double, value: Double)?
        var offset = -searchHalfWidthDeg
        while offset <= searchHalfWidthDeg + 1e-9 {
            let angle = boundary + towardsBone * offset
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
