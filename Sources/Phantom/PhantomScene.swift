import Foundation
import VolumeCore

/// The phantom's anatomy as a function of position: which tissue is where, and its true HU.
/// Everything in the anatomical frame; `frame` maps it into the scanner.
struct PhantomScene: Sendable {
    let spec: PhantomSpec
    let frame: PhantomFrame
    let ridge: Ridge
    let implants: [ImplantBody]
    let defects: [DefectRegion]
    let teeth: [Tooth]

    init(spec: PhantomSpec, textureSeed: UInt64) {
        self.spec = spec
        frame = PhantomFrame(spec.pose)
        let ridge = Ridge(spec: spec.anatomy, texture: TrabecularTexture(periodMm: spec.anatomy.texturePeriodMm, seed: textureSeed))
        self.ridge = ridge
        implants = spec.implants.map { ImplantBody(spec: $0, ridge: ridge) }
        defects = spec.implants.map { DefectRegion(spec: $0.defect, collar: $0.collarMm) }
        teeth = spec.teeth.map { Tooth(spec: $0, ridge: ridge) }
    }

    /// Tissue at an anatomical point: implant metal, then teeth, then the ridge less any defect.
    func tissue(at p: SIMD3<Double>) -> Tissue {
        for implant in implants where length(p - implant.boundingCenter) <= implant.boundingRadius + 0.5 {
            if implant.contains(p) { return implant.metal }
        }
        for tooth in teeth {
            if let t = tooth.tissue(at: p) { return t }
        }
        let base = ridge.tissue(at: p)
        guard base.isBone else { return base }
        for i in implants.indices where !defects[i].isNone {
            let implant = implants[i]
            if length(p - implant.boundingCenter) > implant.boundingRadius + defects[i].reachFromSurfaceMm { continue }
            let (depth, radius) = implant.depthAndRadius(p)
            let gap = radius - implant.outerRadius(atDepth: min(max(depth, 0), implant.lengthMm))
            if defects[i].removes(depth: depth, gap: gap, angleDeg: { implant.local(p).angleDeg }) { return .softTissue }
        }
        return base
    }

    func hu(at p: SIMD3<Double>) -> Double { ridge.hu(of: tissue(at: p), at: p) }

    /// Distance to the nearest metal (implants, metal crowns, fillings), for blooming.
    func metalDistance(_ p: SIMD3<Double>) -> Double {
        var d = Double.infinity
        for implant in implants { d = min(d, implant.metalDistance(p)) }
        for tooth in teeth { d = min(d, tooth.metalDistance(p)) }
        return d
    }

    /// Where the implants are, in the scanner (for the default field of view).
    var defaultCenter: SIMD3<Double> {
        if implants.isEmpty {
            let a = teeth.first?.axisPoint ?? ridge.archFrame(angleDeg: 0, offset: 0).point
            return frame.toScanner(SIMD3(a.x, a.y, spec.anatomy.crestZMm - 4))
        }
        let sum = implants.reduce(SIMD3<Double>.zero) { $0 + $1.boundingCenter }
        return frame.toScanner(sum / Double(implants.count))
    }
}
