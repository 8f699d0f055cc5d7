import Foundation
import Measurements
import Testing
@testable import Evaluation

/// A pair with one implant whose sites all changed by `measured` mm against a true change of `truth`.
func rescanPair(_ label: String, voxelMm: Double, truth: Double, measured: Double) -> RescanResult {
    let error = (2 * voxelMm * voxelMm).squareRoot()
    let sites = ["mesial", "distal", "buccal", "lingual", "worst"].map {
        RescanSite(site: $0, truthChangeMm: truth, measuredChangeMm: measured, errorMm: error)
    }
    let implant = RescanImplant(label: "\(label) #0", alignmentDeg: 0, alignmentConfidence: 0,
                                sitesCorrected: false, sites: sites)
    return RescanResult(label: label, seed: 1, voxelMm: voxelMm, truthImplants: 1, implants: [implant])
}

@Suite struct RepeatabilityReportTests {
    /// Hand calculation: changes of +0.1, −0.1 and +0.3 mm where nothing changed give a bias of +0.1, an SD (n − 1)
    /// of 0.2, limits of +0.1 ± 0.392, a worst of 0.3; only +0.3 exceeds the √2 × 0.2 = 0.283 mm allowed.
    /// A true loss of 1 mm read as 0.9 is reported, read as 0.2 it is not.
    @Test func biasLimitsFalseChangesAndDetectedLosses() throws {
        let report = RepeatabilityReport(pairs: [
            rescanPair("a", voxelMm: 0.2, truth: 0, measured: 0.1),
            rescanPair("b", voxelMm: 0.2, truth: 0, measured: -0.1),
            rescanPair("c", voxelMm: 0.2, truth: 0, measured: 0.3),
            rescanPair("d", voxelMm: 0.4, truth: 1, measured: 0.9),
            rescanPair("e", voxelMm: 0.4, truth: 1, measured: 0.2),
        ], boneLossMm: 1)
        let fine = try #require(report.rows.first { $0.site == "mesial" && $0.voxels == "≤ 0.25 mm" })
        #expect(fine.count == 3)
        #expect(abs(try #require(fine.biasMm) - 0.1) < 1e-12)
        #expect(abs(try #require(fine.sdMm) - 0.2) < 1e-12)
        let limits = try #require(fine.limitsMm)
        #expect(abs(limits[0] - (0.1 - 0.392)) < 1e-12 && abs(limits[1] - (0.1 + 0.392)) < 1e-12)
        #expect(abs(try #require(fine.worstMm) - 0.3) < 1e-12)
        #expect(fine.worstAt == "c #0")
        #expect(fine.unchanged == 3 && fine.falseChanges == 1)
        #expect(fine.lost == 0 && fine.lossesDetected == 0)
        let coarse = try #require(report.rows.first { $0.site == "worst" && $0.voxels == "> 0.25 mm" })
        #expect(coarse.count == 2 && coarse.unchanged == 0)
        #expect(coarse.lost == 2 && coarse.lossesDetected == 1)
        #expect(abs(try #require(coarse.truthChangeMm) - 1) < 1e-12)
        #expect(abs(try #require(coarse.biasMm) - -0.45) < 1e-12)
        #expect(coarse.worstAt == "e #0")
        #expect(report.text.contains("1 of 3 (33.3 %)"))
    }
}

@Suite struct RepeatabilityRunTests {
    /// Seed 3 (0.4 mm voxels, a circumferential intrabony defect, Ie, 1.65 mm deep below a 2.8 mm collar) scanned
    /// twice: with no change the truth's sites are the same to the last bit and every measured change stays within
    /// the √2 × 0.4 = 0.566 mm `case history` allows; with the defect 1 mm deeper every site's truth drops by 1 mm
    /// and every measured change lies within that error of it, and beyond the error: the loss is reported.
    @Test func sameJawTwiceAndOneMillimetreLost() throws {
        let stable = RepeatabilityRun.evaluate(seed: 3, analyze: AccuracyRun.blindAnalysis)
        #expect(stable.failure == nil && stable.unmatched == 0)
        let stableSites = try #require(stable.implants.first).sites
        #expect(stableSites.count == 5)
        for s in stableSites {
            #expect(s.truthChangeMm == 0, "\(s.site)")
            #expect(abs(s.errorMm - 0.4 * 2.0.squareRoot()) < 1e-12)
            #expect(!s.exceedsError, "\(s.site): \(s.measuredChangeMm) mm")
        }
        let lost = RepeatabilityRun.evaluate(seed: 3, boneLossMm: 1, analyze: AccuracyRun.blindAnalysis)
        for s in try #require(lost.implants.first).sites {
            #expect(abs(s.truthChangeMm - 1) < 0.02, "\(s.site): \(s.truthChangeMm) mm")
            #expect(abs(s.changeErrorMm) <= s.errorMm, "\(s.site): \(s.measuredChangeMm) mm")
            #expect(s.measuredChangeMm > s.errorMm, "\(s.site): \(s.measuredChangeMm) mm")
        }
    }
}
