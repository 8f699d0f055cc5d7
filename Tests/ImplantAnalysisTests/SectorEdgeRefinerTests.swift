import Foundation
import Measurements
import Phantom
import Testing
@testable import ImplantAnalysis

/// A defect's side edge read inside the sectors it crosses, against the phantom's truth.
@Suite struct SectorEdgeRefinerTests {
    /// The zirconia preset's half moat (Schwarz Ib, 3 mm) ends at exactly mesial and distal: the truth's sectors
    /// there are half defect, half bone (1.5 mm). Read wholly as bone (0 mm) they took 0.17–0.19 mm off the
    /// mesial and distal sites; mixed by where the edge lies, they read about half the depth.
    @Test func aHalfMoatsEndsAreReadAcrossTheirSectors() throws {
        let phantom = try PhantomGenerator.generate(PhantomPreset.zirconia.spec, seed: 3)
        let m = ImplantAnalyzer.analyze(grayVolume(phantom))
        let got = try #require(m.implants.first), want = try #require(phantom.truth.implants.first)
        func level(_ sectors: [SectorBoneLevel], _ angle: Double) -> Double? { sectors.first { $0.angleDeg == angle }?.boneLevelMm }
        for angle in [90.0, 270.0] {
            let truth = try #require(level(want.sectors, angle)), measured = try #require(level(got.sectors, angle))
            #expect(abs(truth - 1.5) < 0.1)
            // A quarter to three quarters of the 3 mm depth: the edge within 1.25° of the sector's centre.
            #expect(measured > 0.75 && measured < 2.25)
        }
        #expect(abs(got.boneLevelMm.mesial - want.boneLevelMm.mesial) < 0.1)
        #expect(abs(got.boneLevelMm.distal - want.boneLevelMm.distal) < 0.1)
        // The plateaus on either side keep their levels.
        #expect(abs(try #require(level(got.sectors, 0)) - 3) < 0.15)
        #expect(abs(try #require(level(got.sectors, 180)) - (try #require(level(want.sectors, 180)))) < 0.15)
    }

    /// Seed 177's half moat (8 mm deep, beside bone at 4 mm) ends at exactly distal, 270°: the truth reads 6, 8, 8
    /// there and at 275° and 280°. The profile read 3.83, 4.00, 6.90: the sector at 280° straddles the blurred
    /// edge under the band's ±5° taps, so no one-sector step was clean, and the distal site read 0.94 mm short.
    /// Read as one step through that sector, the edge lies at 273° (the frame's buccal direction is 2.7° off).
    @Test func aStepThroughABlurredSectorIsReadAcrossIt() throws {
        let phantom = try PhantomGenerator.generate(PhantomRandomizer.spec(seed: 177), seed: 177)
        let m = ImplantAnalyzer.analyze(grayVolume(phantom))
        let got = try #require(m.implants.first), want = try #require(phantom.truth.implants.first)
        func level(_ sectors: [SectorBoneLevel], _ angle: Double) -> Double? { sectors.first { $0.angleDeg == angle }?.boneLevelMm }
        #expect(abs(try #require(level(want.sectors, 275)) - 8) < 0.1)
        // More than half-way from the bone's 4 mm to the defect's 8 mm: the edge on the bone's side of 275°.
        #expect(try #require(level(got.sectors, 275)) > 6)
        #expect(abs(try #require(level(got.sectors, 280)) - 8) < 0.15)
        #expect(abs(got.boneLevelMm.distal - want.boneLevelMm.distal) < 0.5)
        // The other end, a clean one-sector step, as before.
        #expect(abs(got.boneLevelMm.mesial - want.boneLevelMm.mesial) < 0.25)
    }
}
