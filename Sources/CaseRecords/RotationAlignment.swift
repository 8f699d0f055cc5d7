import Measurements

/// The rotation about the implant axis between two scans of one implant, found by circular
/// cross-correlation of their sector bone-level profiles (CLINICAL.md §5).
///
/// Sites in each scan come from that scan's own buccal direction (the arch's shape, not the head's
/// position), so a head rotation is already undone and the residual angle is the disagreement between
/// the two estimates. A profile's shape (a dehiscence, a moat wall) pins the rotation down; a flat
/// profile (even bone all round) cannot, and gets confidence 0.
public struct RotationAlignment: Codable, Sendable, Equatable {
    /// `later(a + angleDeg)` best matches `reference(a)`; in (−180, 180].
    public var angleDeg: Double
    /// Pearson correlation of the two profiles at that angle (0…1); 0 when either profile is flat.
    public var confidence: Double

    public init(angleDeg: Double, confidence: Double) {
        self.angleDeg = angleDeg
        self.confidence = confidence
    }

    /// Rotations searched: the buccal estimate is not expected to be off by more (a larger apparent
    /// shift is a change of the defect's shape, not a rotation).
    public static let maxSearchDeg = 45.0
    /// A profile whose sectors vary less than this (SD, mm; below a voxel) has no shape to align on.
    public static let flatProfileSDMm = 0.1
    /// Sites of a later scan are recomputed from its rotated sectors only when the alignment is this sure
    /// and this large: smaller angles lie within a site's ±22.5° averaging and the 5° sector quantum, and
    /// a weaker match may be a defect changing shape rather than a rotation.
    public static let correctionMinConfidence = 0.8
    public static let correctionMinAngleDeg = 10.0

    public var shouldCorrectSites: Bool {
        confidence >= Self.correctionMinConfidence && abs(angleDeg) >= Self.correctionMinAngleDeg
    }

    public static func align(reference: [SectorBoneLevel], to later: [SectorBoneLevel]) -> RotationAlignment {
        let a = reference.sorted { $0.angleDeg < $1.angleDeg }.map(\.boneLevelMm)
        let b = later.sorted { $0.angleDeg < $1.angleDeg }.map(\.boneLevelMm)
        let n = a.count
        guard n >= 8, b.count == n else { return RotationAlignment(angleDeg: 0, confidence: 0) }
        let step = 360 / Double(n)
        let ma = a.reduce(0, +) / Double(n), mb = b.reduce(0, +) / Double(n)
        let da = a.map { $0 - ma }, db = b.map { $0 - mb }
        let sa = (da.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
        let sb = (db.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
        guard sa >= flatProfileSDMm && sb >= flatProfileSDMm else { return RotationAlignment(angleDeg: 0, confidence: 0) }
        func r(_ s: Int) -> Double {
            var sum = 0.0
            for k in 0..<n { sum += da[k] * db[((k + s) % n + n) % n] }
            return sum / (Double(n) * sa * sb)
        }
        let reach = Int(maxSearchDeg / step)
        var best = 0, bestR = r(0)
        for s in -reach...reach where s != 0 {
            let v = r(s)
            if v > bestR + 1e-12 || (abs(v - bestR) <= 1e-12 && abs(s) < abs(best)) { (best, bestR) = (s, v) }
        }
        // Parabola through the peak and its neighbours for a sub-sector angle.
        let lo = r(best - 1), hi = r(best + 1)
        let curvature = lo - 2 * bestR + hi
        let offset = curvature < 0 ? max(-0.5, min(0.5, 0.5 * (lo - hi) / curvature)) : 0
        return RotationAlignment(angleDeg: (Double(best) + offset) * step, confidence: max(0, min(1, bestR)))
    }

    /// The sectors of the later scan expressed in the reference's angles: value at `a` = later(a + angleDeg),
    /// linearly interpolated around the circle.
    public func rotated(_ sectors: [SectorBoneLevel]) -> [SectorBoneLevel] {
        let s = sectors.sorted { $0.angleDeg < $1.angleDeg }
        let n = s.count
        guard n >= 2 else { return sectors }
        let step = 360 / Double(n)
        return s.map { sector in
            let x = (sector.angleDeg + angleDeg - s[0].angleDeg) / step
            let f = x - x.rounded(.down)
            let i = ((Int(x.rounded(.down)) % n) + n) % n
            let v = s[i].boneLevelMm * (1 - f) + s[(i + 1) % n].boneLevelMm * f
            return SectorBoneLevel(angleDeg: sector.angleDeg, boneLevelMm: v)
        }
    }
}
