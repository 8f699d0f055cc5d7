import Foundation
import Testing
@testable import ScanIO
import VolumeCore

@Suite("PNGStackLoader")
struct PNGStackLoaderTests {
    /// Slice `s<k>.png` (k = 1…count) holds k × 16 + x + 4y: each slice its index, each pixel its place.
    private func indexValue(x: Int, y: Int, slice k: Int) -> Int { k * 16 + x + 4 * y }

    /// Writes `count` 4 × 3 8-bit slices named s1.png … s<count>.png; returns their paths in the
    /// (unnatural) order a plain string sort gives.
    private func writeIndexStack(in folder: String, count: Int = 12) throws -> [String] {
        let images = (1...count).map { k in
            PNGFixtures.Image(path: folder + "/s\(k).png", width: 4, height: 3, bitDepth: 8,
                              samples: (0..<12).map { indexValue(x: $0 % 4, y: $0 / 4, slice: k) })
        }
        try PNGFixtures.write(images)
        return images.map(\.path).sorted()
    }

    private func writeSidecar(_ json: String, in folder: String) throws {
        try Data(json.utf8).write(to: URL(fileURLWithPath: folder + "/" + GeometrySidecar.fileName))
    }

    private func loadError(_ body: () throws -> Void) -> ScanLoadError? {
        do {
            try body()
            return nil
        } catch {
            return error as? ScanLoadError
        }
    }

    @Test("12 slices load in natural order, rescaled by the sidecar, with its geometry")
    func naturalOrderAndRescale() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let files = try writeIndexStack(in: folder)
        #expect(files[1].hasSuffix("/s10.png"))  // the plain order is not the slice order
        try writeSidecar("""
            {"spacingMm": [0.25, 0.3, 0.5], "originMm": [-10, 20.5, 3],
             "direction": [0, 1, 0, -1, 0, 0, 0, 0, 1],
             "rescaleSlope": 2, "rescaleIntercept": -1000, "units": "HU"}
            """, in: folder)

        let scan = try PNGStackLoader.load(folder: folder, files: files, options: LoadOptions())
        let volume = scan.volume
        #expect(volume.size == SIMD3(4, 3, 12))
        for z in 0..<12 {
            for y in 0..<3 {
                for x in 0..<4 {
                    #expect(volume[x, y, z] == Int16(2 * indexValue(x: x, y: y, slice: z + 1) - 1000),
                            "voxel (\(x), \(y), \(z))")
                }
            }
        }
        #expect(volume.geometry == VolumeGeometry(
            spacing: [0.25, 0.3, 0.5], origin: [-10, 20.5, 3],
            direction: Matrix3(columns: [0, 1, 0], [-1, 0, 0], [0, 0, 1])))
        #expect(scan.info.format == .png)
        #expect(scan.info.source == folder)
        #expect(scan.info.series == [SeriesSummary(uid: "png-stack", files: 12, slices: 12, rows: 3, columns: 4,
                                                   status: .chosen)])
        #expect(scan.info.chosenSeriesUID == nil)
        #expect(scan.info.clampedVoxels == 0)
        #expect(scan.info.notes.contains("units: HU"))
    }

    @Test("values beyond Int16 are clamped and counted, on both sides")
    func clamping() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        // HU = 2 × stored − 1000: 16883 → 32766, 16884 → 32768 (clamped), 40000 and 65535 clamped.
        let stored = [[0, 1, 16883, 16884], [40000, 65535, 500, 16383]]
        try PNGFixtures.write(stored.enumerated().map { k, samples in
            .init(path: folder + "/slice\(k + 1).png", width: 2, height: 2, bitDepth: 16, samples: samples)
        })
        try writeSidecar(#"{"spacingMm": [1, 1, 1], "rescaleSlope": 2, "rescaleIntercept": -1000}"#, in: folder)
        let files = [folder + "/slice2.png", folder + "/slice1.png"]
        let scan = try PNGStackLoader.load(folder: folder, files: files, options: LoadOptions())
        let values = scan.volume.withUnsafeBufferPointer { Array($0) }
        #expect(values == [-1000, -998, 32766, 32767, 32767, 32767, 0, 31766])
        #expect(scan.info.clampedVoxels == 3)
        #expect(scan.info.notes.contains("units: uncalibrated"))

        // HU = −stored − 1000: 31768 → −32768 (kept), 31769 and 65535 clamped to −32768.
        let negative = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(negative) }
        try PNGFixtures.write([.init(path: negative + "/a.png", width: 2, height: 2, bitDepth: 16,
                                     samples: [31768, 31769, 65535, 0])])
        try writeSidecar(#"{"spacingMm": [1, 1, 1], "rescaleSlope": -1, "rescaleIntercept": -1000}"#, in: negative)
        let low = try PNGStackLoader.load(folder: negative, files: [negative + "/a.png"], options: LoadOptions())
        #expect(low.volume.withUnsafeBufferPointer { Array($0) } == [-32768, -32768, -32768, -1000])
        #expect(low.info.clampedVoxels == 2)
    }

    @Test("16-bit values above 32767 clamp without a sidecar rescale")
    func clampingIdentity() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        try PNGFixtures.write([.init(path: folder + "/a.png", width: 3, height: 1, bitDepth: 16,
                                     samples: [32767, 32768, 65535])])
        let options = LoadOptions(spacing: [0.2, 0.2, 0.2])
        let scan = try PNGStackLoader.load(folder: folder, files: [folder + "/a.png"], options: options)
        #expect(scan.volume.withUnsafeBufferPointer { Array($0) } == [32767, 32767, 32767])
        #expect(scan.info.clampedVoxels == 2)
    }

    @Test("rescaled values round half away from zero")
    func rounding() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        try PNGFixtures.write([.init(path: folder + "/a.png", width: 6, height: 1, bitDepth: 8,
                                     samples: [0, 1, 2, 3, 4, 5])])
        try writeSidecar(#"{"spacingMm": [1, 1, 1], "rescaleSlope": 0.5, "rescaleIntercept": -0.5}"#, in: folder)
        let scan = try PNGStackLoader.load(folder: folder, files: [folder + "/a.png"], options: LoadOptions())
        // −0.5, 0, 0.5, 1, 1.5, 2
        #expect(scan.volume.withUnsafeBufferPointer { Array($0) } == [-1, 0, 1, 1, 2, 2])
    }

    @Test("--spacing overrides the sidecar's spacing, or stands alone without a sidecar")
    func spacingOverride() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let files = try writeIndexStack(in: folder, count: 3)
        let options = LoadOptions(spacing: [0.1, 0.2, 0.3])

        let bare = try PNGStackLoader.load(folder: folder, files: files, options: options)
        #expect(bare.volume.geometry == VolumeGeometry(spacing: [0.1, 0.2, 0.3]))
        #expect(bare.volume[3, 2, 2] == Int16(indexValue(x: 3, y: 2, slice: 3)))
        #expect(bare.info.notes.contains("units: uncalibrated"))

        try writeSidecar(#"{"spacingMm": [1, 1, 2], "originMm": [5, 6, 7], "rescaleIntercept": -24}"#, in: folder)
        let overridden = try PNGStackLoader.load(folder: folder, files: files, options: options)
        #expect(overridden.volume.geometry == VolumeGeometry(spacing: [0.1, 0.2, 0.3], origin: [5, 6, 7]))
        #expect(overridden.volume[3, 2, 2] == Int16(indexValue(x: 3, y: 2, slice: 3) - 24))

        let zero = loadError {
            _ = try PNGStackLoader.load(folder: folder, files: files, options: LoadOptions(spacing: [0.1, 0, 0.3]))
        }
        #expect(zero == .invalidSidecar(path: folder, reason: "--spacing must be three positive numbers, found 0.1,0.0,0.3"))
    }

    @Test("a rounded rotation (0.7071) passes the orthonormality check and is kept")
    func roundedRotation() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let files = try writeIndexStack(in: folder, count: 2)
        try writeSidecar(#"{"spacingMm": [1, 1, 1], "direction": [0.7071, 0.7071, 0, -0.7071, 0.7071, 0, 0, 0, 1]}"#,
                         in: folder)
        let scan = try PNGStackLoader.load(folder: folder, files: files, options: LoadOptions())
        #expect(scan.volume.geometry.direction.columnMajor == [0.7071, 0.7071, 0, -0.7071, 0.7071, 0, 0, 0, 1])
    }

    @Test("no sidecar and no --spacing: missing geometry")
    func missingGeometry() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let files = try writeIndexStack(in: folder, count: 2)
        #expect(loadError { _ = try PNGStackLoader.load(folder: folder, files: files, options: LoadOptions()) }
            == .missingGeometry(path: folder))
    }

    @Test("bad sidecars are refused with the key at fault",
          arguments: [
              (#"{"spacingMm": [1, 1, 1], "spacing": [1, 1, 1]}"#, #"unknown key(s) "spacing""#),
              (#"{"spacingMm": [1, 1, 1], "rescaleSlop": 2}"#, #"unknown key(s) "rescaleSlop""#),
              (#"{"spacingMm": [0.5, 0, 0.5]}"#, "spacingMm must be three positive numbers"),
              (#"{"spacingMm": [0.5, -1, 0.5]}"#, "spacingMm must be three positive numbers"),
              (#"{"spacingMm": [1, 1]}"#, #""spacingMm": must hold 3 numbers, found 2"#),
              (#"{"spacingMm": [1, 1, 1], "direction": [1, 0, 0, 0.5, 1, 0, 0, 0, 1]}"#, "not orthonormal"),
              (#"{"spacingMm": [1, 1, 1], "direction": [2, 0, 0, 0, 1, 0, 0, 0, 1]}"#, "not orthonormal"),
              (#"{"spacingMm": [1, 1, 1], "direction": [1, 0, 0, 0, 1, 0]}"#, #""direction": must hold 9 numbers"#),
              (#"{"spacingMm": [1, 1, 1], "rescaleSlope": 0}"#, "rescaleSlope must be a non-zero number"),
              (#"{"spacingMm": [1, "1", 1]}"#, #""spacingMm[1]": wrong type"#),
              (#"{"originMm": [0, 0, 0]}"#, #"missing "spacingMm""#),
              (#"{"spacingMm": [1, 1, 1],"#, "not valid JSON"),
              (#"[1, 1, 1]"#, "expected a JSON object"),
          ])
    func badSidecar(json: String, reason: String) throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let files = try writeIndexStack(in: folder, count: 2)
        try writeSidecar(json, in: folder)
        let sidecar = folder + "/" + GeometrySidecar.fileName
        let error = loadError { _ = try PNGStackLoader.load(folder: folder, files: files, options: LoadOptions()) }
        guard case let .invalidSidecar(path, message)? = error else {
            Issue.record("expected invalidSidecar, got \(String(describing: error))")
            return
        }
        #expect(path == sidecar)
        #expect(message.contains(reason), "\(message)")
        #expect(error.map { !$0.description.contains("\n") } == true)
    }

    @Test("the sidecar encodes to JSON that decodes to the same value")
    func sidecarRoundTrip() throws {
        let sidecar = GeometrySidecar(spacingMm: [0.2, 0.3, 0.4], originMm: [1, -2, 3],
                                      direction: Matrix3(columns: [0, 0, 1], [1, 0, 0], [0, 1, 0]),
                                      rescaleSlope: 1.5, rescaleIntercept: -1024, units: "HU")
        let json = try JSONEncoder().encode(sidecar)
        #expect(try GeometrySidecar.decode(json, path: "geometry.json") == sidecar)
        #expect(sidecar.validationFailure == nil)
    }

    @Test("slices of different sizes or bit depths are refused, naming both files")
    func mixedSizes() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        try PNGFixtures.write([
            .init(path: folder + "/s1.png", width: 4, height: 3, bitDepth: 8, samples: Array(repeating: 1, count: 12)),
            .init(path: folder + "/s2.png", width: 4, height: 3, bitDepth: 8, samples: Array(repeating: 2, count: 12)),
            .init(path: folder + "/s3.png", width: 3, height: 4, bitDepth: 8, samples: Array(repeating: 3, count: 12)),
            .init(path: folder + "/t1.png", width: 4, height: 3, bitDepth: 16, samples: Array(repeating: 4, count: 12)),
        ])
        let options = LoadOptions(spacing: [1, 1, 1])
        let sizes = loadError {
            _ = try PNGStackLoader.load(folder: folder, files: [folder + "/s3.png", folder + "/s2.png",
                                                                folder + "/s1.png"], options: options)
        }
        #expect(sizes == .mixedSizes(first: folder + "/s1.png", second: folder + "/s3.png",
                                     detail: "4 × 3 vs 3 × 4 pixels"))
        let depths = loadError {
            _ = try PNGStackLoader.load(folder: folder, files: [folder + "/s1.png", folder + "/t1.png"],
                                        options: options)
        }
        #expect(depths == .mixedSizes(first: folder + "/s1.png", second: folder + "/t1.png",
                                      detail: "8-bit vs 16-bit"))
    }

    @Test("a stack over maxVoxels is refused before decoding")
    func tooLarge() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let files = try writeIndexStack(in: folder)
        let options = LoadOptions(spacing: [1, 1, 1], maxVoxels: 143)
        #expect(loadError { _ = try PNGStackLoader.load(folder: folder, files: files, options: options) }
            == .tooLarge(path: folder, voxels: 144, limit: 143))
        let exact = try PNGStackLoader.load(folder: folder, files: files,
                                            options: LoadOptions(spacing: [1, 1, 1], maxVoxels: 144))
        #expect(exact.volume.count == 144)
    }

    @Test("a colour slice or a damaged slice refuses the stack, naming that slice")
    func badSlice() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        var files = try writeIndexStack(in: folder, count: 5)
        let options = LoadOptions(spacing: [1, 1, 1])

        let rgb = folder + "/s6.png"
        try PNGFixtures.write([.init(path: rgb, width: 4, height: 3, bitDepth: 8, colorType: 2,
                                     samples: Array(repeating: 7, count: 36))])
        let colorError = loadError { _ = try PNGStackLoader.load(folder: folder, files: files + [rgb], options: options) }
        guard case let .unsupportedPixels(colorPath, reason)? = colorError else {
            Issue.record("expected unsupportedPixels, got \(String(describing: colorError))")
            return
        }
        #expect(colorPath == rgb)
        #expect(reason.contains("RGB"))

        // Damage the last byte of s3's IDAT data: the header pass succeeds, the decode fails.
        let s3 = folder + "/s3.png"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: s3)))
        bytes[bytes.count - 17] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: s3))
        files.removeAll { $0 == rgb }
        let decodeError = loadError { _ = try PNGStackLoader.load(folder: folder, files: files, options: options) }
        guard case let .invalidPNG(damagedPath, _)? = decodeError else {
            Issue.record("expected invalidPNG, got \(String(describing: decodeError))")
            return
        }
        #expect(damagedPath == s3)
    }
}
