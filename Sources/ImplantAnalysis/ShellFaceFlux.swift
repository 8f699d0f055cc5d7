import Foundation

/// What the scan's blur carries across one face of the density shells (CLINICAL.md §2.6), read from the mean gray
/// values beside the face.
///
/// A shell's mean over its voxels is the mean of the blurred scan, and the blur moves gray across the shell's faces.
/// Where a tissue boundary stands at a face (a defect's wall 1 or 2 mm from the implant, a crest at the shoulder's
/// depth, a defect's floor at a third's end), half a blur width of bone on one side is read as soft tissue on the other.
/// Phantom seed 115 #0 (a moat 1.99 mm wide at 0.2 mm voxels, blur 0.42 mm FWHM): the 1–2 mm middle shell read 65 HU
/// high and the 2–3 mm one 51 HU low. The shells' gray values are binned by their distance from the face (`binMm`,
/// `halfWidthMm` either side) and averaged over the whole face: blur is linear, so the face's mean profile is its mean
/// sharp profile blurred. That profile is fitted with one blurred step, a + Δ·Φ((x − e) / σ), by least squares over a
/// grid of edges e and blurs σ no sharper than the scan's. A sharp step Δ at e blurred by σ carries Δ·σ·ψ(|e| / σ) per
/// unit of face area across the face, ψ(t) = φ(t) − t·Q(t) (φ the normal density, Q its upper tail), towards the
/// darker side; a step fitted wider than the scan's blur is sharp steps spread about e (`flux`).
///
/// The method and its limits were chosen on phantom seeds 1–120. Over the 32 phantoms of those seeds whose shells read
/// worst (240 shells), a voxel-centre mean in the truth's own frame was 9.5 HU off on average and 55 HU at worst
/// (16 shells over 30 HU); with the faces' transfer put back, 6.4 and 31 HU (1 shell). With the scanner calibrated,
/// the accuracy runs' shells (seeds 1–40 and the presets, 41–120, 261–340, 581–660) read 7.4–8.0 HU off on average
/// before and 6.5–6.7 after, with 52 of 2 082 shells over 30 HU before and 19 after (the README has each range).
enum ShellFaceFlux {
    /// The profile reaches this far either side of the face (mm): past a step within `offsetsMm` by three blurs of
    /// the widest accepted σ. Half a millimetre lost a fit on a crest (seeds 1–120 as above: worst 54 HU).
    static let halfWidthMm = 0.6
    /// Width of the profile's bins (mm): under half the sharpest blur of the phantoms (σ 0.09 mm), finer than any voxel.
    static let binMm = 0.04
    static var binCount: Int { Int((2 * halfWidthMm / binMm).rounded()) }
    /// The edges tried (mm from the face, positive outwards or deeper), in steps of `offsetStepMm`.
    static let offsetsMm = -0.45...0.45
    static let offsetStepMm = 0.01
    /// The blurs tried (σ, mm), in steps of `sigmaStepMm`, from the scan's own (`fit`): the phantoms' blur of 0.2–0.6 mm
    /// FWHM with their voxels of 0.15–0.4 mm is σ 0.09–0.28.
    static let sigmasMm = 0.06...0.40
    static let sigmaStepMm = 0.02
    /// A step is corrected only when it is at least this large (gray), its blur at most `maximumSigmaMm`, and its edge
    /// within `maximumOffsetSigmas` blurs of the face. Smaller steps, wider blurs or far edges are texture, a crest spread
    /// over depths, or a slope from the blooming correction, which one step does not describe; a step within the
    /// limits and 2 σ away moves under 1 % of its contrast·σ across the face. Chosen on seeds 1–120 as above.
    static let minimumStepGray = 150.0
    static let maximumSigmaMm = 0.35
    static let maximumOffsetSigmas = 2.0

    /// One blurred step, a + step · Φ((x − edge) / σ), fitted to a face's profile (x in mm from the face, positive
    /// outwards or deeper).
    struct Step: Equatable {
        var edge: Double
        var sigma: Double
        var step: Double
    }

    /// The blurred step that fits the profile best (least squares over the grid of edges and of blurs from
    /// `sharpestSigma` up: no step in the scan is sharper than its blur); nil where it lies outside the limits
    /// (`minimumStepGray`, `maximumSigmaMm`, `maximumOffsetSigmas`). `sums` and `counts` are the profile's
    /// `binCount` bins from −`halfWidthMm` outwards. At 0.4 mm voxels, with the blurs from 0.06 mm, noise and streaks
    /// fitted a defect's wall on the 1 mm face as a step 0.06 mm wide, which moves nearly nothing (seed 589 #0).
    static func fit(sums: ArraySlice<Double>, counts: ArraySlice<Double>, sharpestSigma: Double) -> Step? {
        var x: [Double] = [], p: [Double] = [], w: [Double] = []
        for (i, (s, n)) in zip(sums, counts).enumerated() where n > 0 {
            x.append(-halfWidthMm + (Double(i) + 0.5) * binMm)
            p.append(s / n)
            w.append(n)
        }
        guard x.count >= binCount / 2 else { return nil }
        let sw = w.reduce(0, +), sp = zip(w, p).reduce(0) { $0 + $1.0 * $1.1 }
        var best: (residual: Double, fit: Step)?
        var sigma = max(sigmasMm.lowerBound, sharpestSigma)
        while sigma <= sigmasMm.upperBound + 1e-9 {
            var edge = offsetsMm.lowerBound
            while edge <= offsetsMm.upperBound + 1e-9 {
                var sf = 0.0, sff = 0.0, sfp = 0.0
                for i in x.indices {
                    let f = 0.5 * erfc(-(x[i] - edge) / (sigma * 2.0.squareRoot()))
                    sf += w[i] * f; sff += w[i] * f * f; sfp += w[i] * f * p[i]
                }
                let det = sw * sff - sf * sf
                if det > 1e-9 * sw * sw {
                    let step = (sw * sfp - sf * sp) / det, level = (sp - step * sf) / sw
                    // The weighted sum of squares less Σ w p², which is the same for every fit.
                    let residual = -level * sp - step * sfp
                    if best == nil || residual < best!.residual { best = (residual, Step(edge: edge, sigma: sigma, step: step)) }
                }
                edge += offsetStepMm
            }
            sigma += sigmaStepMm
        }
        guard let fit = best?.fit, abs(fit.step) >= minimumStepGray, fit.sigma <= maximumSigmaMm,
              abs(fit.edge) < maximumOffsetSigmas * fit.sigma else { return nil }
        return fit
    }

    /// Gray per unit of face area (gray·mm) that a blur of `blurSigma` (mm) moved out of the face's positive side into
    /// its negative side (negative: the other way), so much short on the positive side and over on the negative.
    /// A step fitted wider than the blur is sharp steps spread about its edge with the SD that makes up the difference
    /// (a crest's height varying round the implant, a sloping surface), each moving step · blur · ψ: a spread step moves
    /// less than one blurred step as wide (phantom seed 40 #0, a soft-tissue surface at the shoulder's depth fitted at
    /// σ 0.32 mm under σ 0.2 mm of blur: 101 gray·mm as one step, 28 spread).
    static func flux(_ fit: Step, blurSigma: Double) -> Double {
        func psi(_ t: Double) -> Double { exp(-t * t / 2) / (2 * Double.pi).squareRoot() - t * 0.5 * erfc(t / 2.0.squareRoot()) }
        guard fit.sigma > blurSigma, blurSigma > 0 else { return fit.step * fit.sigma * psi(abs(fit.edge) / fit.sigma) }
        let spread = (fit.sigma * fit.sigma - blurSigma * blurSigma).squareRoot(), n = spreadPoints
        var sum = 0.0, weights = 0.0
        for i in 0...n {
            let z = -spreadReachSDs + 2 * spreadReachSDs * Double(i) / Double(n), w = exp(-z * z / 2)
            sum += w * psi(abs(fit.edge + spread * z) / blurSigma)
            weights += w
        }
        return fit.step * blurSigma * sum / weights
    }

    /// The spread steps' positions are summed over this many SDs either side, in `spreadPoints` steps.
    static let spreadReachSDs = 5.0
    static let spreadPoints = 400
}
