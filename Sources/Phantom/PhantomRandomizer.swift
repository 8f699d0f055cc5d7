import Foundation

/// Varied phantoms for accuracy studies: a spec drawn from a seed across the ranges ImplantScan must
/// handle: voxel sizes, tilts, implant sizes and materials, every defect class, thin and thick walls,
/// noise, blur and artifact strength, uncalibrated gray scales, head positions, neighbouring teeth.
public enum PhantomRandomizer {
    public static func spec(seed: UInt64) -> PhantomSpec {
        var rng = SplitMix64(seed: seed ^ 0x5EED_5EED)
        func uniform(_ range: ClosedRange<Double>) -> Double { range.lowerBound + rng.nextUnit() * (range.upperBound - range.lowerBound) }
        func pick<T>(_ options: [T]) -> T { options[Int(rng.nextUnit() * Double(options.count)) % options.count] }
        func round2(_ v: Double) -> Double { (v * 100).rounded() / 100 }

        var s = PhantomSpec()
        s.volume.voxelMm = pick([0.15, 0.2, 0.25, 0.3, 0.4])
        s.anatomy.ridgeWidthMm = round2(uniform(7...11))
        s.anatomy.corticalThicknessMm = round2(uniform(0.6...1.6))
        s.anatomy.cancellousHU = round2(uniform(300...900))
        s.degradation.noiseSDHU = round2(uniform(15...80))
        s.degradation.blurFWHMMm = round2(uniform(0.2...0.6))
        s.degradation.bloomingScale = round2(uniform(0.5...1.5))
        s.degradation.streakHU = round2(uniform(50...350))
        if rng.nextUnit() < 0.3 {
            s.volume.grayScale = round2(uniform(0.8...1.2))
            s.volume.grayOffset = round2(uniform(-150...150))
        }
        s.pose = PoseSpec(rotationDeg: [round2(uniform(-10...10)), round2(uniform(-10...10)), round2(uniform(-20...20))],
                          shiftMm: [round2(uniform(-3...3)), round2(uniform(-3...3)), round2(uniform(-3...3))])

        let count = rng.nextUnit() < 0.25 ? 2 : 1
        // Tissue-level implants (a polished collar the clinician enters) for a fifth of the scans.
        let collar = rng.nextUnit() < 0.2 ? pick([1.8, 2.8]) : 0
        for k in 0..<count {
            var implant = ImplantSpec()
            // Two implants stand at least 20° (≈ 9 mm of arch) apart and lean little towards each other.
            implant.archAngleDeg = round2(count == 1 ? uniform(15...45) : (k == 0 ? uniform(10...18) : uniform(38...46)))
            implant.diameterMm = pick([3.3, 3.75, 4.1, 4.8])
            implant.lengthMm = pick([8, 10, 11.5, 13])
            implant.material = rng.nextUnit() < 0.15 ? "zirconia" : "titanium"
            implant.tiltBuccalDeg = round2(uniform(-15...15))
            implant.tiltMesialDeg = round2(count == 1 ? uniform(-10...10) : uniform(-5...5))
            implant.collarMm = collar
            if rng.nextUnit() < 0.4 { implant.buccalWallMm = round2(uniform(0.6...2.5)) }
            let schwarz = pick(DefectSpec.classes)
            var defect = DefectSpec(schwarzClass: schwarz)
            if schwarz != "none" {
                defect.depthMm = round2(uniform(1.5...(implant.lengthMm * 0.6)))
                if defect.hasMoat { defect.widthMm = round2(uniform(0.8...2.5)) }
                if schwarz != "II" && rng.nextUnit() < 0.2 {
                    defect.supracrestalMm = round2(min(uniform(0.5...2), implant.lengthMm - defect.depthMm - 1))
                }
            }
            implant.defect = defect
            s.implants.append(implant)
        }
        if rng.nextUnit() < 0.4 {
            // A neighbouring tooth one tooth-width (about 9 mm of arch, 20°) mesial of the first implant:
            // closer, its crown would overlap the implant's.
            let first = s.implants.map(\.archAngleDeg).min() ?? 20
            s.teeth = [ToothSpec(archAngleDeg: round2(first - uniform(19...23)), crown: rng.nextUnit() < 0.5 ? "metal" : "natural",
                                 fillingRadiusMm: 0)]
        }
        let span = count == 2 ? 34.0 : 24.0
        s.volume.fieldOfViewMm = [span, 24, 26]
        return s
    }
    /// Repositioning between two scans of one patient: each rotation within this (degrees) and each shift within
    /// `rescanShiftMm` of the first scan's. A head rest and bite block put the head back within a few degrees and
    /// millimetres; more, and the two scans' site names would be a matter of the buccal estimate, not the bone.
    public static let rescanRotationDeg = 5.0
    public static let rescanShiftMm = 2.0

    /// The same jaw scanned again on the same device (voxel size, blur, noise level, artifacts, gray scale kept): the
    /// head repositioned, drawn from `seed`, and with `boneLossMm` every defect (not "none") that much deeper, as
    /// long as it stays 1 mm short of the implant's end. Generate it with a new seed for noise and streaks and the
    /// first scan's seed as its `anatomySeed`, so that the trabecular texture is the same bone.
    public static func rescan(of spec: PhantomSpec, seed: UInt64, boneLossMm: Double = 0) -> PhantomSpec {
        var rng = SplitMix64(seed: seed ^ 0x2E5C_A11D)
        func jitter(_ bound: Double) -> Double { ((rng.nextUnit() * 2 - 1) * bound * 100).rounded() / 100 }
        var s = spec
        s.pose = PoseSpec(rotationDeg: spec.pose.rotationDeg.map { $0 + jitter(rescanRotationDeg) },
                          shiftMm: spec.pose.shiftMm.map { $0 + jitter(rescanShiftMm) })
        for k in s.implants.indices where s.implants[k].defect.schwarzClass != "none" {
            let d = s.implants[k].defect
            s.implants[k].defect.depthMm = max(d.depthMm, min(d.depthMm + boneLossMm, s.implants[k].lengthMm - d.supracrestalMm - 1))
        }
        return s
    }
}
