import Foundation
import Measurements
import Testing

@Suite struct DeviceCalibrationTests {
    /// Water at −60 and an 800 HU insert at 660: 800 / 720 HU per gray value.
    static let calibration = DeviceCalibration(insertHU: 800, waterGray: -60, insertGray: 660, bloomingScale: 1.2,
                                               bloomingScaleSE: 0.01, residualGray: 2, voxelMm: 0.3, source: "cal scan")

    @Test func grayValuesMapToHUThroughWaterAndTheInsert() {
        let c = Self.calibration
        #expect(abs(c.huPerGray - 800.0 / 720) < 1e-12)
        #expect(abs(c.hu(fromGray: 300) - 400) < 1e-9)
        #expect(abs(c.hu(fromGray: -60)) < 1e-12)
        let shell = DensityShell(innerMm: 1, outerMm: 2, third: "middle", mean: 300, median: 320, sd: 36, p10: 240, p90: 390,
                                 voxelCount: 500)
        let hu = c.inHU(shell)
        #expect(abs(hu.mean - 400) < 1e-9 && abs(hu.median - 380 * 800 / 720) < 1e-9 && abs(hu.sd - 40) < 1e-9)
        #expect(abs(hu.p10 - 300 * 800 / 720) < 1e-9 && abs(hu.p90 - 500) < 1e-9)
        #expect(hu.voxelCount == 500 && hu.third == "middle" && hu.innerMm == 1)
    }

    @Test func aCalibrationFileRoundTripsAndABadOneNamesTheFile() throws {
        let c = Self.calibration
        #expect(try DeviceCalibration.fromJSON(Data(c.json.utf8), path: "cal.json") == c)
        var below = c
        below.insertGray = -70
        #expect(throws: JSONInput.Failure(path: "cal.json", reason: "insertGray must be above waterGray")) {
            try DeviceCalibration.fromJSON(Data(below.json.utf8), path: "cal.json")
        }
        let typo = c.json.replacingOccurrences(of: "\"bloomingScale\"", with: "\"bloomingScal\"")
        do {
            _ = try DeviceCalibration.fromJSON(Data(typo.utf8), path: "cal.json")
            Issue.record("a misspelt key was accepted")
        } catch {
            #expect(error.description.hasPrefix("cal.json: ") && error.description.contains("unknown key \"bloomingScal\""))
        }
    }
}
