import Foundation
import Measurements
import Phantom
import Testing
import VolumeCore
@testable import ImplantAnalysis

/// The calibration scan of a scanner whose blooming, gray scale and offset are known (the phantom's degradation):
/// the calibration must give them back.
@Suite struct BloomingCalibratorTests {
    static func device(voxelMm: Double, blooming: Double, grayScale: Double = 1, grayOffset: Double = 0,
                       noise: Double = 40, streakHU: Double = 200, blur: Double = 0.35) -> PhantomSpec {
        var s = PhantomSpec()
        s.volume.voxelMm = voxelMm
        s.volume.grayScale = grayScale
        s.volume.grayOffset = grayOffset
        s.degradation.bloomingScale = blooming
        s.degradation.noiseSDHU = noise
        s.degradation.streakHU = streakHU
        s.degradation.blurFWHMMm = blur
        return s
    }

    static func calibrationScan(of device: PhantomSpec, seed: UInt64) throws -> Volume<Int16> {
        grayVolume(try PhantomGenerator.generate(CalibrationPhantom.spec(device: device), seed: seed))
    }

    @Test(arguments: [
        (0.4, 0.5, 1.0, 0.0, 60.0, 250.0, 0.5),
        (0.2, 1.5, 0.9, -60.0, 40.0, 300.0, 0.35),
        (0.3, 1.0, 1.0, 0.0, 70.0, 150.0, 0.6),
    ])
    func calibrationGivesBackTheScannersBloomingAndScale(voxel: Double, blooming: Double, grayScale: Double,
                                                          grayOffset: Double, noise: Double, streak: Double, blur: Double) throws {
        let d = Self.device(voxelMm: voxel, blooming: blooming, grayScale: grayScale, grayOffset: grayOffset,
                            noise: noise, streakHU: streak, blur: blur)
        let c = try BloomingCalibrator.calibrate(try Self.calibrationScan(of: d, seed: 7), insertHU: CalibrationPhantom.insertHU,
                                                 source: "scan")
        // Water (0 HU) is stored at the offset; the insert at 800 HU × scale + offset.
        #expect(abs(c.waterGray - grayOffset) <= 5)
        #expect(abs(c.insertGray - (CalibrationPhantom.insertHU * grayScale + grayOffset)) <= 5)
        #expect(abs(c.hu(fromGray: 1500 * grayScale + grayOffset) - 1500) <= 10)
        #expect(abs(c.bloomingScale - blooming) <= 0.08)
    }

    @Test func aScanThatIsNotACalibrationScanIsRefused() throws {
        func problem(_ preset: PhantomPreset, insertHU: Double = 800) throws -> CalibrationError.Problem? {
            let volume = grayVolume(try PhantomGenerator.generate(preset.spec, seed: 1))
            do {
                _ = try BloomingCalibrator.calibrate(volume, insertHU: insertHU, source: "scan")
                return nil
            } catch {
                #expect(error.description.hasPrefix("scan: "))
                return error.problem
            }
        }
        // The healthy preset's ridge is 8 mm wide: bone ends 2 mm beyond the threads on either side.
        #expect(try problem(.healthy) == .insertTooSmall(reachMm: 7))
        #expect(try problem(.fillingsOnly) == .noImplant)
        #expect(try problem(.twoImplantsCrown) == .severalImplants(2))
        #expect(try problem(.healthy, insertHU: 0) == .insertHUNotPositive(0))
    }

    /// The tilted preset (gray = 0.9 × HU − 60) on a scanner that blooms 1.4 times the published figures: calibrated
    /// on its calibration scan, its shells read in HU against the truth's HU; read blind, in gray values against the
    /// truth's gray values. Everything else reads the same.
    @Test func aCalibratedScannersShellsAreInHU() throws {
        var spec = PhantomPreset.tilted.spec
        spec.degradation.bloomingScale = 1.4
        let calibration = try BloomingCalibrator.calibrate(try Self.calibrationScan(of: spec, seed: 8),
                                                           insertHU: CalibrationPhantom.insertHU, source: "calibration")
        let phantom = try PhantomGenerator.generate(spec, seed: 1)
        let volume = grayVolume(phantom)
        let truth = try #require(phantom.truth.implants.first)
        let calibrated = ImplantAnalyzer.analyze(volume, options: AnalysisOptions(calibration: calibration))
        let blind = ImplantAnalyzer.analyze(volume)
        let c = try #require(calibrated.implants.first), b = try #require(blind.implants.first)
        #expect(calibrated.scan.calibrated && calibrated.scan.deviceCalibration == calibration)
        // Only the densities change: the bone test keeps the published blooming.
        #expect(c.boneLevelMm == b.boneLevelMm && c.sectors == b.sectors && c.wallThicknessMm == b.wallThicknessMm
                && c.defect == b.defect && c.ridgeWidthMm == b.ridgeWidthMm)
        #expect(MeasurementSummary.text(calibrated).contains(String(format:
            "Scanner calibration: calibration (HU through water and a 800 HU insert; blooming %.2f × the published figures)",
            calibration.bloomingScale)))
        #expect(!MeasurementSummary.text(blind).contains("Scanner calibration"))
        #expect(c.quality.calibrated && !c.quality.flags.contains("uncalibrated") && b.quality.flags.contains("uncalibrated"))
        let calibratedErrors = zip(c.densityShells, truth.densityShells).map { abs($0.mean - $1.mean) }
        let blindErrors = zip(b.densityShells, truth.densityShells).map { abs($0.mean - ($1.mean * 0.9 - 60)) }
        #expect(calibratedErrors.count == 6 && blindErrors.count == 6)
        #expect(calibratedErrors.max()! <= 30)
        #expect(blindErrors.max()! > 30)
    }
}
