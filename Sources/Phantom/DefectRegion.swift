import Foundation

/// The bone a defect removes around one implant (replaced by soft tissue), in the implant's frame.
///
/// Depths are from the shoulder: the crest sits `collar` below it; a supracrestal component lowers it
/// by `crestLowering` within `supracrestalRadius` of the implant surface (ramping back over 3 mm);
/// the intrabony component reaches `depth` below the lowered crest: a moat `width` wide around the
/// implant (on the buccal half for Ib) and/or a dehiscence through the buccal (and for Id the lingual)
/// plate within `dehiscenceHalfAngle` of that direction.
struct DefectRegion: Sendable {
    let spec: DefectSpec
    let collar: Double

    /// Horizontal distance over which a lowered crest climbs back to the intact one.
    static let rampMm = 3.0
    /// Dehiscences and moats end this far from the implant surface (the neighbouring bone is intact).
    static let reachMm = 8.0

    var intrabonyTop: Double { collar + spec.crestLoweringMm }
    var intrabonyBottom: Double { intrabonyTop + (spec.isIntrabony ? spec.depthMm : 0) }

    /// Whether bone at (depth, distance from the implant envelope, angle from buccal) is removed.
    func removes(depth: Double, gap: Double, angleDeg: Double) -> Bool {
        if spec.schwarzClass == "none" || gap > Self.reachMm + spec.supracrestalRadiusMm + Self.rampMm { return false }
        // Lowered crest.
        let lowering = spec.crestLoweringMm
        if lowering > 0 {
            let excess = gap - spec.supracrestalRadiusMm
            let here = excess <= 0 ? lowering : lowering * max(0, 1 - excess / Self.rampMm)
            if depth < collar + here { return true }
        }
        guard spec.isIntrabony, depth < intrabonyBottom, gap <= Self.reachMm else { return false }
        let fromBuccal = min(angleDeg, 360 - angleDeg)  // 0…180
        if spec.hasMoat && gap < spec.widthMm {
            if spec.schwarzClass != "Ib" || fromBuccal <= 90 { return true }
        }
        if spec.buccalDehiscence && fromBuccal <= spec.dehiscenceHalfAngleDeg { return true }
        if spec.lingualDehiscence && 180 - fromBuccal <= spec.dehiscenceHalfAngleDeg { return true }
        return false
    }
}
