import Foundation

/// The bone a defect removes around one implant (replaced by soft tissue), in the implant's frame.
///
/// Depths are from the shoulder: the crest sits `collar` below it; a supracrestal component lowers it
/// by `crestLowering` within `supracrestalRadius` of the implant surface (ramping back over 3 mm);
/// the intrabony component reaches `depth` below the lowered crest: a moat `width` wide around the
/// implant (on the buccal half for Ib) and/or a dehiscence through the buccal (and for Id the lingual)
/// plate within `dehiscenceHalfAngle` of that direction.
struct DefectRegion: Sendable {
    let collar: Double
    let isNone: Bool
    let isIntrabony: Bool
    let hasMoat: Bool
    /// Ib: the moat covers only the buccal half.
    let moatOnBuccalHalf: Bool
    let buccalDehiscence: Bool
    let lingualDehiscence: Bool
    let crestLoweringMm: Double
    let depthMm: Double
    let widthMm: Double
    let dehiscenceHalfAngleDeg: Double
    let supracrestalRadiusMm: Double

    init(spec: DefectSpec, collar: Double) {
        self.collar = collar
        isNone = spec.schwarzClass == "none"
        isIntrabony = spec.isIntrabony
        hasMoat = spec.hasMoat
        moatOnBuccalHalf = spec.schwarzClass == "Ib"
        buccalDehiscence = spec.buccalDehiscence
        lingualDehiscence = spec.lingualDehiscence
        crestLoweringMm = spec.crestLoweringMm
        depthMm = spec.depthMm
        widthMm = spec.widthMm
        dehiscenceHalfAngleDeg = spec.dehiscenceHalfAngleDeg
        supracrestalRadiusMm = spec.supracrestalRadiusMm
    }

    /// Horizontal distance over which a lowered crest climbs back to the intact one.
    static let rampMm = 3.0
    /// Dehiscences and moats end this far from the implant surface (the neighbouring bone is intact).
    static let reachMm = 8.0

    var intrabonyTop: Double { collar + crestLoweringMm }
    var intrabonyBottom: Double { intrabonyTop + (isIntrabony ? depthMm : 0) }

    /// Farthest reach of the defect from the implant surface; bone beyond it is never removed.
    var reachFromSurfaceMm: Double { isNone ? 0 : Self.reachMm + supracrestalRadiusMm + Self.rampMm }

    /// Whether bone at (depth, distance from the implant envelope, angle from buccal) is removed. The
    /// angle is computed only when a dehiscence or a half moat needs it.
    func removes(depth: Double, gap: Double, angleDeg: () -> Double) -> Bool {
        if isNone || gap > Self.reachMm + supracrestalRadiusMm + Self.rampMm { return false }
        // Lowered crest.
        let lowering = crestLoweringMm
        if lowering > 0 {
            let excess = gap - supracrestalRadiusMm
            let here = excess <= 0 ? lowering : lowering * max(0, 1 - excess / Self.rampMm)
            if depth < collar + here { return true }
        }
        guard isIntrabony, depth < intrabonyBottom, gap <= Self.reachMm else { return false }
        if hasMoat && gap < widthMm && !moatOnBuccalHalf { return true }
        guard buccalDehiscence || lingualDehiscence || moatOnBuccalHalf else { return false }
        let angle = angleDeg()
        let fromBuccal = min(angle, 360 - angle)  // 0…180
        if hasMoat && gap < widthMm && fromBuccal <= 90 { return true }
        if buccalDehiscence && fromBuccal <= dehiscenceHalfAngleDeg { return true }
        if lingualDehiscence && 180 - fromBuccal <= dehiscenceHalfAngleDeg { return true }
        return false
    }
}
