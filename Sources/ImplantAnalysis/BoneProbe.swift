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
    /// outside the margin so that narrow defects are not read past) at a depth: the bone test of the
    /// bone-level profile, smoothed over trabecular texture and noise.
    func bandIsBone(depth: Double, angleDeg: Double, margin: Double) -> Bool? {
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
        return sum / Double(n) >= levels.boneThreshold
    }
}

extension BoneProbe {
    /// The band test (`bandIsBone`) on the grid of a `BoneBandMap` from the shoulder to the apex.
    func bandMap(margin: Double, angleStepDeg: Double = BoneBandMap.defaultAngleStepDeg,
                 depthStepMm: Double = BoneBandMap.defaultDepthStepMm) -> BoneBandMap {
        let columns = Int((360 / angleStepDeg).rounded())
        let rows = max(1, Int((frame.length / depthStepMm).rounded(.up)))
        var cells = [BoneBandMap.Cell](repeating: .unmeasured, count: columns * rows)
        for r in 0..<rows {
            let depth = (Double(r) + 0.5) * depthStepMm
            for c in 0..<columns {
                let angle = -180 + (Double(c) + 0.5) * angleStepDeg
                if let bone = bandIsBone(depth: depth, angleDeg: angle, margin: margin) {
                    cells[r * columns + c] = bone ? .present : .absent
                }
            }
        }
        return BoneBandMap(angleStepDeg: angleStepDeg, depthStepMm: depthStepMm, columns: columns, rows: rows, cells: cells)
    }
}
