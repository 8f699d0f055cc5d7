import Foundation

/// The tail of the implant's blurred edge in the tissue beside it, taken out where the bone test reads.
///
/// The scanner's blur, and at coarse voxels the voxels' own extent and their interpolation, spread the metal's edge
/// outwards: a point `d` mm outside the surface reads its tissue plus (metal − tissue) × Q(d / σ), Q the upper tail
/// of the unit Gaussian and σ the edge's blur as the neck's edges show it (`ImplantFrameEstimator.neckReading`, from
/// their 25 % and 75 % points). Solved for the tissue: (value − metal × Q) / (1 − Q). At the artifact margin (0.5 mm)
/// that is little under light blur (σ read 0.21–0.22 mm at 0.25 mm voxels under 0.35 mm of blur, phantom seed 223:
/// Q = 1 %, 25–30 gray from titanium at 2800) and a good deal under heavy blur or at coarse voxels (0.26–0.28 mm at
/// 0.25–0.4 mm voxels under 0.5–0.6 mm of blur, seeds 189, 333, 341, 39: Q = 3 %, 85 gray), as much as the contact
/// threshold stands above soft tissue around D4 bone. Phantom seed 189 #0 (titanium, 0.4 mm voxels, bone
/// at 311 HU) read the soft tissue of a 6 mm horizontal defect at 150–200 against a threshold of 148, and its buccal
/// and lingual levels 1.88 and 2.13 mm too shallow; with the tail taken out, 0.28 and 0.43 mm.
///
/// Measured on the phantoms of seeds 41–660 at 0.25–0.4 mm voxels (355 scans, 1 768 sites): the site levels' MAE
/// 0.101 → 0.099 mm, errors over 0.5 mm 30 → 26, over 1 mm 20 → 18, over 2 mm 8 → 8; seeds 189 (above), 564 #0 mesial
/// (−1.44 → −0.40 mm), 149 #0 distal (−1.51 → −0.48) and 637 #0 distal (−2.17 → −1.25) nearer, walls of 1 mm or more
/// 0.052 mm off on average as before, and one more Schwarz class right (189, II). Two sites
/// got worse, each a reading the tail had held up: seed 459 #0's buccal (+0.22 → +8.24 mm: a plate 0.17 mm thick at
/// 1 mm depth touches the implant within the artifact margin, and is read as lost, as seeds 223, 330 and 341 were
/// already), and seed 547 #1's mesial (−0.12 → −3.42: `StreakField`'s doc). The seven accuracy documents' rows moved
/// by 0.01 mm or less on average at 0.15–0.25 mm voxels, and no range met a target more or fewer.
///
/// Not applied within `minimumSigmas` σ of the surface, where the edge itself, not its tail, is read, nor where the
/// metal is clipped at the top of the range (its level and its edge's blur are not known; `neckReading` gives no σ).
struct MetalEdgeTail: Sendable {
    /// The metal's gray value (the frame's interior median) and its edge's blur σ (mm).
    var level: Double
    var sigma: Double

    /// Distances (in σ) from the surface within which nothing is taken out: there Q is over 16 %, and a σ read a little
    /// off would move the value by hundreds of gray. Chosen, not tuned; the bone test reads from 0.5 mm out, 1.3–3 σ.
    static let minimumSigmas = 1.0

    /// The share of the metal's value that the blurred edge adds `distance` mm outside the surface.
    func fraction(atDistance distance: Double) -> Double {
        distance < Self.minimumSigmas * sigma ? 0 : 0.5 * erfc(distance / (sigma * 2.0.squareRoot()))
    }

    /// `fraction`'s Q(k), k = distance / σ, with what the scan's trilinear interpolation adds on the tail's convex foot,
    /// for a reading along a ray whose steps across the voxels are `steps` (mm per axis: the voxel spacing times the
    /// ray's direction in the volume's axes). Linear interpolation between samples w apart reads a convex profile high
    /// by u(1 − u)·w²·f″/2 a share u of the way between them, by w²·f″/12 on average over u; along the ray
    /// w² = Σ (dᵢ sᵢ)², and on the edge's foot f″ = k·φ(k)/σ² of the contrast. At 0.4 mm voxels and σ 0.27 mm, 2σ
    /// out: 2.3 % + 2.0 % of the contrast, not 2.3 %. Used for the neck's outside level
    /// (`ImplantFrameEstimator.neckReading`); the bone test's `fraction` leaves the interpolation's share in.
    static func interpolatedFraction(atDistance distance: Double, sigma: Double, steps: SIMD3<Double>) -> Double {
        guard sigma > 0 else { return 0 }
        let k = distance / sigma, w2 = (steps * steps).sum()
        let density = exp(-k * k / 2) / (2 * Double.pi).squareRoot()
        return 0.5 * erfc(k / 2.0.squareRoot()) + k * density * w2 / (12 * sigma * sigma)
    }

    /// The tissue's value under a reading `value` taken `distance` mm outside the surface.
    func removed(from value: Double, distance: Double) -> Double {
        let q = fraction(atDistance: distance)
        return (value - level * q) / (1 - q)
    }
}
