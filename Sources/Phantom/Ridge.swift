import Foundation

/// The alveolar ridge along a circular arch, in the anatomical frame.
///
/// A point is described by its cross-section coordinates: `s`, the radial distance from the arch
/// circle (positive buccal), and `z`. The ridge is bone where |s| ≤ half-width(z), z ≤ crest(s) and
/// z ≥ base; a shell of the cortical thickness inside that boundary is cortical, the rest cancellous.
struct Ridge: Sendable {
    let spec: AnatomySpec
    let texture: TrabecularTexture

    func crossSection(_ p: SIMD3<Double>) -> (s: Double, z: Double) {
        ((p.x * p.x + p.y * p.y).squareRoot() - spec.archRadiusMm, p.z)
    }

    func halfWidth(atZ z: Double) -> Double {
        spec.ridgeWidthMm / 2 + spec.ridgeFlarePerMm * max(0, spec.crestZMm - z)
    }

    func crest(atS s: Double) -> Double { spec.crestZMm - spec.crestCurvaturePerMm * s * s }

    var baseZ: Double { spec.crestZMm - spec.ridgeHeightMm }

    /// Depth inside the bone boundary (positive inside, negative outside), approximately Euclidean.
    func boneDepth(s: Double, z: Double) -> Double {
        min(halfWidth(atZ: z) - abs(s), crest(atS: s) - z, z - baseZ)
    }

    /// Tissue of the intact anatomy (no implants, teeth or defects).
    func tissue(at p: SIMD3<Double>) -> Tissue {
        let (s, z) = crossSection(p)
        let depth = boneDepth(s: s, z: z)
        if depth >= 0 { return depth < spec.corticalThicknessMm ? .cortical : .cancellous }
        // Soft tissue: the mucosa over the ridge, and cheek and tongue beside it; the mouth above is air.
        let aboveCrest = z - crest(atS: s)
        if aboveCrest <= spec.softTissueMm && abs(s) <= halfWidth(atZ: z) + spec.softTissueMm + 6 { return .softTissue }
        return .air
    }

    func hu(of tissue: Tissue, at p: SIMD3<Double>) -> Double {
        switch tissue {
        case .air: return spec.airHU
        case .softTissue: return spec.softTissueHU
        case .cortical: return spec.corticalHU
        case .cancellous: return spec.cancellousHU + spec.cancellousTextureHU * texture.value(at: p)
        case .dentin: return Tissue.dentinHU
        case .enamel: return Tissue.enamelHU
        case .titanium: return Tissue.titaniumHU
        case .zirconia: return Tissue.zirconiaHU
        case .amalgam: return Tissue.amalgamHU
        }
    }

    /// Arch point, buccal and mesial unit vectors at an arch angle (0° = midline, positive = patient's left).
    func archFrame(angleDeg: Double, offset s: Double) -> (point: SIMD3<Double>, buccal: SIMD3<Double>, mesial: SIMD3<Double>) {
        let t = angleDeg * .pi / 180
        let buccal = SIMD3<Double>(sin(t), -cos(t), 0)
        let tangent = SIMD3<Double>(cos(t), sin(t), 0)  // towards the patient's left along the arch
        let mesial = angleDeg >= 0 ? -tangent : tangent
        let r = spec.archRadiusMm + s
        return (SIMD3(r * sin(t), -r * cos(t), 0), buccal, mesial)
    }
}
