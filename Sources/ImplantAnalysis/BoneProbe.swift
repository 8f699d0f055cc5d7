import VolumeCore

/// Reads "is there bone here" around one implant: gray values with metal blooming divided out,
/// compared with the scan's bone threshold.
struct BoneProbe {
    let volume: Volume<Int16>
    let frame: ImplantFrame
    let levels: GrayLevels

    /// Gray value at a point `gap` mm outside the implant surface, blooming corrected; nil outside the scan.
    func corrected(at p: SIMD3<Double>, gap: Double) -> Double? {
        guard let v = volume.sample(atPoint: p) else { return nil }
        return BloomingModel.corrected(v, distance: max(gap, 0))
    }

    /// Whether bone is at (depth, gap from the surface, angle); nil outside the scan.
    func isBone(depth: Double, gap: Double, angleDeg: Double) -> Bool? {
        let p = frame.point(depth: depth, radius: frame.radius(atDepth: depth) + gap, angleDeg: angleDeg)
        guard let v = corrected(at: p, gap: gap) else { return nil }
        return v >= levels.boneThreshold && v < levels.metalThreshold
    }

    /// Mean corrected value over a small band (three angles 5° apart, three gaps 0.1 mm apart, just
    /// outside the margin so that narrow defects are not read past) at a depth: what the bone test of the
    /// bone-level profile reads, smoothed over trabecular texture and noise. Nil outside the scan.
    func bandMean(depth: Double, angleDeg: Double, margin: Double) -> Double? {
        var sum = 0.0, n = 0
        let r0 = frame.radius(atDepth: depth)
        for da in [-5.0, 0, 5] {
            for dg in [0.0, 0.1, 0.2] {
                let gap = margin + dg
                guard let v = corrected(at: frame.point(depth: depth, radius: r0 + gap, angleDeg: angleDeg + da), gap: gap)
                else { return nil }
                sum += v; n += 1
            }
        }
        return sum / Double(n)
    }

    /// The apical part of the implant where the bone of `contactThreshold` is read: from this fraction of
    /// the length down to `contactApexClearanceMm` above the apex, every `contactStepMm`, every
    /// `contactAngleStepDeg`.
    static let contactFromFraction = 2.0 / 3
    static let contactApexClearanceMm = 0.5
    static let contactStepMm = 0.5
    static let contactAngleStepDeg = 10.0

    /// The bone test's threshold around this implant: the scan's bone threshold, lowered where the bone
    /// here is less dense than the scan's bone median.
    ///
    /// The scan's threshold is 40 % of the way from soft tissue to the median of all bone in the field,
    /// cortical plates included. Around an implant in D4 bone (cancellous about 300 HU, marrow spaces
    /// darker still) the band's values hover about that threshold, and the 0.5 mm continuous-contact test
    /// slid down through the marrow: levels 1.5 mm too deep. The bone here is read where bone nearly always
    /// stands, beside the apical third (the median band value there), and the threshold is 40 % of the way
    /// to it, but never higher than the scan's, and never below the soft-tissue cut (`GrayLevels.softTissueCut`).
    func contactThreshold(margin: Double) -> Double {
        var values: [Double] = []
        var depth = frame.length * Self.contactFromFraction
        while depth <= frame.length - Self.contactApexClearanceMm {
            for angle in stride(from: 0.0, to: 360, by: Self.contactAngleStepDeg) {
                if let v = bandMean(depth: depth, angleDeg: angle, margin: margin) { values.append(v) }
            }
            depth += Self.contactStepMm
        }
        guard !values.isEmpty else { return levels.boneThreshold }
        let local = OrderStatistic.select(values.count / 2, in: &values)
        let soft = levels.softTissue
        return min(levels.boneThreshold, max(levels.softTissueCut, soft + GrayLevels.boneFraction * (local - soft)))
    }
}

extension BoneProbe {
    /// The band test (`bandMean` against `threshold`) on the grid of a `BoneBandMap` from the shoulder to
    /// the apex.
    func bandMap(margin: Double, threshold: Double, angleStepDeg: Double = BoneBandMap.defaultAngleStepDeg,
                 depthStepMm: Double = BoneBandMap.defaultDepthStepMm) -> BoneBandMap {
        let columns = Int((360 / angleStepDeg).rounded())
        let rows = max(1, Int((frame.length / depthStepMm).rounded(.up)))
        var cells = [BoneBandMap.Cell](repeating: .unmeasured, count: columns * rows)
        for r in 0..<rows {
            let depth = (Double(r) + 0.5) * depthStepMm
            for c in 0..<columns {
                let angle = -180 + (Double(c) + 0.5) * angleStepDeg
                if let mean = bandMean(depth: depth, angleDeg: angle, margin: margin) {
                    cells[r * columns + c] = mean >= threshold ? .present : .absent
                }
            }
        }
        return BoneBandMap(angleStepDeg: angleStepDeg, depthStepMm: depthStepMm, columns: columns, rows: rows, cells: cells)
    }
}
