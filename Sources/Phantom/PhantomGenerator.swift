import Foundation
import Measurements
import VolumeCore

/// Generates a phantom from a spec and a seed: the same pair always gives the same bytes.
public enum PhantomGenerator {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case invalidSpec(String)
        public var description: String {
            switch self { case let .invalidSpec(r): return "invalid phantom spec: \(r)" }
        }
    }

    /// `anatomySeed` (default: `seed`) seeds the trabecular texture alone: the same anatomy scanned again, with new
    /// noise and streaks, keeps it and changes `seed`.
    public static func generate(_ spec: PhantomSpec, seed: UInt64, anatomySeed: UInt64? = nil) throws(Failure) -> GeneratedPhantom {
        if let problem = spec.validationFailure { throw .invalidSpec(problem) }
        let scene = PhantomScene(spec: spec, textureSeed: anatomySeed ?? seed)
        let (geometry, size) = grid(spec, scene: scene)

        var hu = Rasterizer.render(scene, geometry: geometry, size: size, supersampling: spec.degradation.supersampling)
        MetalArtifacts.apply(scene, geometry: geometry, size: size, seed: seed, to: &hu)
        GaussianBlur.apply(&hu, size: size, sigmaVoxels: spec.degradation.blurFWHMMm / 2.3548 / spec.volume.voxelMm)
        let (stored, saturated) = ScannerModel.store(hu, size: size, geometry: geometry, spec: spec, seed: seed)

        let truth = GroundTruth(scene: scene)
        let order = scene.implants.indices.sorted {
            (scene.frame.toScanner(scene.implants[$0].shoulder).x, $0) < (scene.frame.toScanner(scene.implants[$1].shoulder).x, $1)
        }
        let implants = order.map { truth.measure($0, geometry: geometry, size: size, saturated: saturated) }
        let g = geometry
        let scan = TruthScan(size: [size.x, size.y, size.z], spacingMm: [g.spacing.x, g.spacing.y, g.spacing.z],
                             originMm: [g.origin.x, g.origin.y, g.origin.z], direction: g.direction.columnMajor,
                             grayScale: spec.volume.grayScale, grayOffset: spec.volume.grayOffset,
                             bitsStored: spec.volume.bitsStored, rescaleIntercept: ScannerModel.rescaleIntercept,
                             saturatedVoxels: saturated)
        let metalTeeth = spec.teeth.filter { $0.crown == "metal" || $0.fillingRadiusMm > 0 }.count
        return GeneratedPhantom(stored: stored,
                                truth: PhantomTruth(seed: seed, scan: scan, implants: implants, nonImplantMetalObjects: metalTeeth),
                                spec: spec)
    }

    /// The voxel grid: isotropic, LPS-aligned, centred on the field's centre.
    static func grid(_ spec: PhantomSpec, scene: PhantomScene) -> (VolumeGeometry, SIMD3<Int>) {
        let v = spec.volume.voxelMm
        let fov = spec.volume.fieldOfViewMm
        let size = SIMD3(max(1, Int((fov[0] / v).rounded())), max(1, Int((fov[1] / v).rounded())), max(1, Int((fov[2] / v).rounded())))
        let c = spec.volume.centerMm.map { SIMD3($0[0], $0[1], $0[2]) } ?? scene.defaultCenter
        let half = SIMD3<Double>(Double(size.x - 1), Double(size.y - 1), Double(size.z - 1)) * (v / 2)
        // Round the origin to a micrometre so geometry tags are short, exact decimals.
        let origin = ((c - half) * 1000).rounded(.toNearestOrAwayFromZero) / 1000
        return (VolumeGeometry(spacing: SIMD3(repeating: v), origin: origin), size)
    }
}
