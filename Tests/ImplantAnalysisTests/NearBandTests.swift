import Measurements
import Testing
@testable import ImplantAnalysis

/// A level moves up along the contact a band nearer the surface continues, and only so.
@Suite struct NearBandTests {
    /// Two blur σ out, at least 0.2 mm, and only nearer than the artifact margin; none where σ is not known.
    @Test func theGapIsTwoSigmasInsideTheMargin() throws {
        #expect(abs(try #require(NearBand.margin(edgeSigma: 0.13, artifactMargin: 0.5)) - 0.26) < 1e-12)
        #expect(abs(try #require(NearBand.margin(edgeSigma: 0.05, artifactMargin: 0.5)) - 0.2) < 1e-12)
        #expect(NearBand.margin(edgeSigma: 0.25, artifactMargin: 0.5) == nil)
        #expect(NearBand.margin(edgeSigma: nil, artifactMargin: 0.5) == nil)
    }

    /// The measurer of a 10 mm implant on a blank volume: depth steps of 0.1 mm, soft tissue at 50, water at 0.
    let m = ImplantMeasurer.onBlankVolume()

    /// A band grid for `m` with the same column in every sector: soft tissue (50) above `top` mm, bone (400) from there
    /// on.
    func grid(boneFrom top: Double) -> [[Double]] {
        let column = (0...m.depthSteps).map { Double($0) * m.depthStep >= top - 1e-9 ? 400.0 : 50.0 }
        return [[Double]](repeating: column, count: SectorGeometry.sectorCount)
    }

    /// The near band on such a grid, read against 200.
    func near(boneFrom top: Double) -> NearBand {
        let g = grid(boneFrom: top)
        return NearBand(grid: g, contact: m.contactMap(grid: g, threshold: 200))
    }

    /// Counted by hand, 0.1 mm steps: bone from step 20. A level found at step 30 or 55 moves to 20; one at step 10
    /// (soft tissue there) stays, and one at 20 is already there. Bone up to the shoulder's row moves nothing.
    @Test func theLevelMovesToTheTopOfTheContactAboveIt() {
        let band = near(boneFrom: 2.0)
        #expect(band.raised(sector: 7, from: 30) == 20)
        #expect(band.raised(sector: 7, from: 55) == 20)
        #expect(band.raised(sector: 7, from: 10) == nil)
        #expect(band.raised(sector: 7, from: 20) == nil)
        #expect(near(boneFrom: 0).raised(sector: 7, from: 30) == nil)
    }

    /// Through the measurer (0.4 mm voxels, depth steps of 0.1 mm): the band beyond the margin finds bone from 3.0 mm,
    /// the near band from 2.0 mm, and the level is 2.0; with the near band's bone from 3.5 mm (no contact at 3.0) it
    /// stays 3.0.
    @Test func theMeasurerReadsTheLevelOnTheNearBand() {
        let beyond = grid(boneFrom: 3.0)
        let contact = m.contactMap(grid: beyond, threshold: 200)
        func level(nearFrom top: Double) -> Double {
            m.sector(0, grid: beyond, contact: contact, threshold: 200, near: near(boneFrom: top)).0.level
        }
        #expect(abs(level(nearFrom: 2.0) - 2.0) < 1e-6)
        #expect(abs(level(nearFrom: 3.5) - 3.0) < 1e-6)
    }

    /// Phantom seed 385 #0 (a buccal plate 0.8 mm thick at mid-implant, narrowing to a sliver at the crest; 0.15 mm
    /// voxels): the buccal site read 0.91 mm too deep beyond the margin alone, and within 0.3 mm of the truth (0.16)
    /// with the near band.
    @Test func aThinBuccalPlateIsReadWhereItTouchesTheImplant() throws {
        let (measured, truth) = try firstImplant(ofRandomPhantom: 385)
        let error = measured.boneLevelMm.buccal - truth.boneLevelMm.buccal
        #expect(abs(error) <= 0.3, "buccal \(measured.boneLevelMm.buccal) for \(truth.boneLevelMm.buccal)")
    }
}
