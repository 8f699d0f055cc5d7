import Foundation
import Measurements
import Testing
import VolumeCore
@testable import Phantom

/// Small, fast phantoms (debug builds are slow): 0.3 mm voxels, a short implant.
func smallSpec(defect: DefectSpec = DefectSpec(), threads: Bool = true, degraded: Bool = true,
               buccalWall: Double? = nil) -> PhantomSpec {
    var implant = ImplantSpec(archAngleDeg: 30, diameterMm: 4, lengthMm: 8, buccalWallMm: buccalWall, defect: defect)
    if !threads { implant.threadDepthMm = 0; implant.apexTaperMm = 0; implant.apexDiameterMm = 4 }
    var spec = PhantomSpec(volume: VolumeSpec(voxelMm: 0.3, fieldOfViewMm: [14, 14, 14]), implants: [implant])
    if !degraded {
        spec.degradation = DegradationSpec(supersampling: 4, blurFWHMMm: 0, noiseSDHU: 0, bloomingScale: 0, streakHU: 0, streakCount: 0)
    }
    return spec
}

/// Bone of one uniform density around the implant, so that the gray value half-way between metal and
/// bone splits partial-volume voxels without bias.
func uniformBoneSpec(threads: Bool) -> PhantomSpec {
    var spec = smallSpec(threads: threads, degraded: false)
    spec.anatomy.corticalHU = uniformBoneHU
    spec.anatomy.cancellousHU = uniformBoneHU
    spec.anatomy.cancellousTextureHU = 0
    return spec
}
let uniformBoneHU = 1000.0

/// Metal volume (mm³) from partial volume: each voxel brighter than the bone holds the fraction
/// (gray − bone) / (metal − bone) of metal. (Counting voxels above a threshold is biased on a grid
/// aligned with the implant: whole columns share one fraction.)
func metalVolume(_ phantom: GeneratedPhantom) -> Double {
    var fraction = 0.0
    phantom.stored.withUnsafeBufferPointer { stored in
        for v in stored {
            let gray = Double(v) + ScannerModel.rescaleIntercept
            if gray > uniformBoneHU { fraction += min(1, (gray - uniformBoneHU) / (Tissue.titaniumHU - uniformBoneHU)) }
        }
    }
    return fraction * phantom.stored.geometry.voxelVolume
}

@Suite struct PhantomGeneratorTests {
    @Test func sameSpecAndSeedGiveIdenticalBytes() throws {
        let spec = smallSpec(defect: DefectSpec(schwarzClass: "Ic", depthMm: 3, widthMm: 1.2))
        let a = try PhantomGenerator.generate(spec, seed: 42), b = try PhantomGenerator.generate(spec, seed: 42)
        let c = try PhantomGenerator.generate(spec, seed: 43)
        let bytes = { (p: GeneratedPhantom) in p.stored.withUnsafeBufferPointer { Array($0) } }
        #expect(bytes(a) == bytes(b))
        #expect(a.truth == b.truth)
        #expect(bytes(a) != bytes(c))  // the seed changes noise and texture
    }

    @Test func cylinderVolumeMatchesPiR2L() throws {
        // A plain cylinder (no threads, no taper) without degradation.
        let measured = metalVolume(try PhantomGenerator.generate(uniformBoneSpec(threads: false), seed: 1))
        let expected = Double.pi * 2 * 2 * 8
        #expect(abs(measured - expected) / expected < 0.02, "metal volume \(measured) mm³ vs πr²L \(expected) mm³")
    }

    @Test func threadedBodyVolumeMatchesItsProfile() throws {
        let phantom = try PhantomGenerator.generate(uniformBoneSpec(threads: true), seed: 1)
        let scene = PhantomScene(spec: phantom.spec, textureSeed: 1)
        let body = scene.implants[0]
        var expected = 0.0
        let step = 0.001
        for d in stride(from: step / 2, to: 8, by: step) {
            let r = body.surfaceRadius(atDepth: d)
            expected += .pi * r * r * step
        }
        let measured = metalVolume(phantom)
        #expect(abs(measured - expected) / expected < 0.02, "metal volume \(measured) mm³ vs profile \(expected) mm³")
    }

    /// Blooming raises tissue, not metal: with blooming alone (no blur, noise or streaks), a voxel on the implant's
    /// surface averages titanium (2800 HU) with bone raised by at most half (1000 HU to 1500), so no voxel is
    /// brighter than the titanium. Raising a whole partial-volume voxel by its centre's fraction read the
    /// titanium's share raised too, up to 2800 × 1.5.
    @Test func bloomingLeavesNoVoxelBrighterThanTheMetal() throws {
        var spec = uniformBoneSpec(threads: false)
        spec.degradation.bloomingScale = 1
        let phantom = try PhantomGenerator.generate(spec, seed: 1)
        var brightest = -Double.infinity, bloomed = 0
        phantom.stored.withUnsafeBufferPointer { stored in
            for v in stored {
                let gray = Double(v) + ScannerModel.rescaleIntercept
                brightest = max(brightest, gray)
                if gray > uniformBoneHU * 1.4 && gray < Tissue.titaniumHU - 1 { bloomed += 1 }
            }
        }
        #expect(brightest <= Tissue.titaniumHU + 0.5, "brightest voxel \(brightest) HU")
        #expect(bloomed > 100, "\(bloomed) voxels of bloomed bone")  // the blooming is there
    }
}

@Suite struct AnatomySeedTests {
    /// Without noise, streaks or pose change, the same anatomy seed gives the same voxels whatever the scan's seed,
    /// and another anatomy seed another trabecular texture; the truth does not depend on either.
    @Test func anatomySeedAloneSetsTheTexture() throws {
        var spec = smallSpec(degraded: false)
        spec.degradation.blurFWHMMm = 0.3
        let a = try PhantomGenerator.generate(spec, seed: 1)
        let b = try PhantomGenerator.generate(spec, seed: 2, anatomySeed: 1)
        let c = try PhantomGenerator.generate(spec, seed: 1, anatomySeed: 2)
        #expect(a.stored.withUnsafeBufferPointer { Array($0) } == b.stored.withUnsafeBufferPointer { Array($0) })
        #expect(a.stored.withUnsafeBufferPointer { Array($0) } != c.stored.withUnsafeBufferPointer { Array($0) })
        #expect(a.truth.implants.map(\.boneLevelMm) == c.truth.implants.map(\.boneLevelMm))
    }
}

