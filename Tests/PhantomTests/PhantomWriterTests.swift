import Foundation
import Testing
import ScanIO
import VolumeCore
@testable import Phantom

@Suite struct PhantomWriterTests {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "phantom-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Each format loads back through the normal loading path with the generator's exact values
    /// (gray = stored + RescaleIntercept) and geometry, next to a truth.json that decodes to the truth.
    @Test(arguments: [(PhantomFormat.dicom, DICOMTransferSyntax.jpegLS), (.multiframe, .rle), (.png, .explicit)])
    func writtenPhantomLoadsBack(format: PhantomFormat, syntax: DICOMTransferSyntax) throws {
        var spec = smallSpec(defect: DefectSpec(schwarzClass: "Ib", depthMm: 2, widthMm: 1))
        spec.volume.fieldOfViewMm = [9, 8, 7]
        let phantom = try PhantomGenerator.generate(spec, seed: 9)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/scan"
        try PhantomWriter.write(phantom, to: out, format: format, transferSyntax: syntax, studyDate: "20250317")

        let loaded = try ScanLoader.load(path: out)
        #expect(loaded.volume.size == phantom.stored.size)
        #expect(loaded.volume.geometry.direction.maxDifference(from: phantom.stored.geometry.direction) < 1e-9)
        #expect(maxAbs(loaded.volume.geometry.origin - phantom.stored.geometry.origin) < 1e-6)
        #expect(maxAbs(loaded.volume.geometry.spacing - phantom.stored.geometry.spacing) < 1e-6)
        let expected = phantom.stored.withUnsafeBufferPointer { $0.map { Int16(Int($0) + Int(ScannerModel.rescaleIntercept)) } }
        let got = loaded.volume.withUnsafeBufferPointer { Array($0) }
        #expect(got == expected)
        if format != .png { #expect(loaded.info.studyDate == "20250317") }

        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/truth.json"))
        #expect(try JSONDecoder().decode(PhantomTruth.self, from: data) == phantom.truth)
        let specData = try Data(contentsOf: URL(fileURLWithPath: out + "/spec.json"))
        #expect(try JSONDecoder().decode(PhantomSpec.self, from: specData) == spec)
        // Nothing temporary is left beside the output.
        let parent = (out as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["scan"])
    }

    @Test func refusesAnExistingFolder() throws {
        let phantom = try PhantomGenerator.generate(smallSpec(), seed: 1)
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(throws: OutputError.writeFailed(path: out, reason: "already exists; choose a new --out folder")) {
            try PhantomWriter.write(phantom, to: out, format: .dicom, transferSyntax: .explicit, studyDate: "20250101")
        }
    }

    @Test func specFilesAreCheckedKeyByKey() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func load(_ json: String) -> String? {
            let path = folder + "/spec-\(UUID().uuidString).json"
            _ = FileManager.default.createFile(atPath: path, contents: Data(json.utf8))
            do { _ = try PhantomSpecFile.load(path: path); return nil } catch { return error.reason }
        }
        #expect(load(#"{"implants": [{"lenghtMm": 10}]}"#)?.contains("implants[0]") == true)
        #expect(load(#"{"implants": [{"lenghtMm": 10}]}"#)?.contains("unknown key \"lenghtMm\"") == true)
        #expect(load(#"{"volume": {"voxelMm": 0.05}}"#) == "volume: voxelMm 0.05 outside 0.075–0.4")
        #expect(load(#"{"implants": [{"defect": {"schwarzClass": "Ie", "depthMm": 3}}]}"#)
                == "implants[0]: a circumferential defect needs widthMm > 0")
        #expect(load(#"{"implants": [{"material": 3}]}"#) == "implants[0].material: wrong type")
        #expect(load("not json") == "not valid JSON")
        #expect(load(#"{"implants": [{"archAngleDeg": 20}], "teeth": [{"archAngleDeg": 5, "crown": "gold"}]}"#)
                == "teeth[0]: crown must be natural or metal")
    }
}
