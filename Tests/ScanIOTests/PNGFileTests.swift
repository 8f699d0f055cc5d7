import Foundation
import Testing
@testable import ScanIO

@Suite("PNGFile")
struct PNGFileTests {
    /// Reads a PNG into a new array (tests only; the loader decodes straight into the volume).
    private func readPixels(_ path: String, count: Int) throws -> [UInt16] {
        var pixels = [UInt16](repeating: 0xDEAD, count: count)
        try pixels.withUnsafeMutableBufferPointer { try PNGFile.read(path: path, into: $0) }
        return pixels
    }

    /// The error `body` throws, as a `ScanLoadError` (nil when it throws nothing or something else).
    private func loadError(_ body: () throws -> Void) -> ScanLoadError? {
        do {
            try body()
            return nil
        } catch {
            return error as? ScanLoadError
        }
    }

    @Test("8-bit round trip keeps 0, 255 and every value between")
    func roundTrip8() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let values: [UInt8] = [0, 255, 1, 254, 128, 127, 17, 34, 51, 68, 85, 102]
        let path = folder + "/gray8.png"
        try PNGFile.write(try PNGFile.encode(gray8: values, width: 4, height: 3), to: path)

        let header = try PNGFile.readHeader(path: path)
        #expect(header == PNGHeader(width: 4, height: 3, bitDepth: 8, colorType: .gray, interlaced: false))
        #expect(try readPixels(path, count: 12) == values.map(UInt16.init))
    }

    @Test("16-bit round trip keeps 0, 65535 and byte-swapped pairs apart")
    func roundTrip16() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let values: [UInt16] = [0, 65535, 0x1234, 0x3412, 0x00FF, 0xFF00, 1, 256]
        let path = folder + "/gray16.png"
        try PNGFile.write(try PNGFile.encode(gray16: values, width: 2, height: 4), to: path)

        let header = try PNGFile.readHeader(path: path)
        #expect(header == PNGHeader(width: 2, height: 4, bitDepth: 16, colorType: .gray, interlaced: false))
        #expect(try readPixels(path, count: 8) == values)
    }

    @Test("the encoder's files decode to the same samples with an independent reader (big-endian 16-bit)")
    func encoderOutputIsStandard() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let gray8: [UInt8] = (0..<35).map { UInt8(($0 * 37) % 256) }
        let gray16: [UInt16] = [0, 65535, 0x1234, 0x3412, 0x00FF, 0xFF00, 40000, 1, 256, 32768, 12345, 54321]
        try PNGFile.write(try PNGFile.encode(gray8: gray8, width: 7, height: 5), to: folder + "/a.png")
        try PNGFile.write(try PNGFile.encode(gray16: gray16, width: 3, height: 4), to: folder + "/b.png")

        #expect(try PNGFixtures.decode(folder + "/a.png")
            == .init(width: 7, height: 5, bitDepth: 8, colorType: 0, samples: gray8.map(Int.init)))
        #expect(try PNGFixtures.decode(folder + "/b.png")
            == .init(width: 3, height: 4, bitDepth: 16, colorType: 0, samples: gray16.map(Int.init)))
    }

    /// An image written by the Python encoder and the values `PNGFile.read` must give for it.
    struct ReferenceCase: Sendable, CustomTestStringConvertible {
        var name: String
        var width: Int
        var height: Int
        var bitDepth: Int
        var interlace = false
        var idatChunks = 1
        var stored: @Sendable (Int, Int) -> Int
        var expected: @Sendable (Int) -> UInt16
        var testDescription: String { name }
    }

    static let referenceCases: [ReferenceCase] = [
        ReferenceCase(name: "8-bit", width: 5, height: 4, bitDepth: 8,
                      stored: { x, y in (x * 53 + y * 101) % 256 }, expected: { UInt16($0) }),
        ReferenceCase(name: "8-bit in three IDAT chunks", width: 6, height: 5, bitDepth: 8, idatChunks: 3,
                      stored: { x, y in (x * 11 + y * 40 + 3) % 256 }, expected: { UInt16($0) }),
        ReferenceCase(name: "16-bit", width: 5, height: 3, bitDepth: 16,
                      stored: { x, y in [0, 65535, 0x1234, 0x3412, 256, 1, 0x00FF, 0xFF00, 40000,
                                         32767, 32768, 12345, 54321, 2, 512][y * 5 + x] },
                      expected: { UInt16($0) }),
        ReferenceCase(name: "1-bit (width not a multiple of 8)", width: 11, height: 3, bitDepth: 1,
                      stored: { x, y in (x + y) % 3 == 0 ? 1 : 0 }, expected: { $0 == 1 ? 255 : 0 }),
        ReferenceCase(name: "2-bit", width: 7, height: 2, bitDepth: 2,
                      stored: { x, y in (x + y) % 4 }, expected: { UInt16($0 * 85) }),
        ReferenceCase(name: "4-bit", width: 9, height: 2, bitDepth: 4,
                      stored: { x, y in (x * 3 + y * 5) % 16 }, expected: { UInt16($0 * 17) }),
        ReferenceCase(name: "8-bit Adam7 interlaced", width: 13, height: 11, bitDepth: 8, interlace: true,
                      stored: { x, y in (x * 7 + y * 13) % 256 }, expected: { UInt16($0) }),
        ReferenceCase(name: "16-bit Adam7 interlaced", width: 9, height: 10, bitDepth: 16, interlace: true,
                      stored: { x, y in (x * 4099 + y * 6151 + 17) % 65536 }, expected: { UInt16($0) }),
        ReferenceCase(name: "1-bit Adam7 interlaced", width: 10, height: 9, bitDepth: 1, interlace: true,
                      stored: { x, y in (x * y + x) % 2 }, expected: { $0 == 1 ? 255 : 0 }),
    ]

    @Test("reads grayscale PNGs from an independent encoder", arguments: referenceCases)
    func readsReferenceImages(_ reference: ReferenceCase) throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let path = folder + "/reference.png"
        let (w, h) = (reference.width, reference.height)
        let stored = (0..<(w * h)).map { reference.stored($0 % w, $0 / w) }
        try PNGFixtures.write([.init(path: path, width: w, height: h, bitDepth: reference.bitDepth,
                                     interlace: reference.interlace, samples: stored,
                                     idatChunks: reference.idatChunks)])

        let header = try PNGFile.readHeader(path: path)
        #expect(header == PNGHeader(width: w, height: h, bitDepth: reference.bitDepth, colorType: .gray,
                                    interlaced: reference.interlace))
        #expect(header.decodedBitDepth == (reference.bitDepth == 16 ? 16 : 8))
        #expect(try readPixels(path, count: w * h) == stored.map(reference.expected))
    }

    @Test("refuses colour types, naming the type and the file",
          arguments: [(2, "RGB"), (3, "palette"), (4, "gray+alpha"), (6, "RGBA")])
    func refusesColor(colorType: Int, name: String) throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let path = folder + "/color.png"
        let channels = [2: 3, 3: 1, 4: 2, 6: 4][colorType] ?? 1
        try PNGFixtures.write([.init(path: path, width: 3, height: 2, bitDepth: 8, colorType: colorType,
                                     samples: (0..<(6 * channels)).map { $0 % 2 },
                                     palette: colorType == 3 ? [0, 0, 0, 255, 255, 255] : nil)])

        #expect(try PNGFile.readHeader(path: path).colorType.rawValue == colorType)
        let error = loadError { _ = try readPixels(path, count: 6) }
        guard case let .unsupportedPixels(errorPath, reason)? = error else {
            Issue.record("expected unsupportedPixels, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(reason.contains("color type \(name),"))
        #expect(error?.description.hasPrefix(path + ": ") == true)
    }

    @Test("a bad CRC in IHDR or IDAT, or damaged IDAT data, is an invalid PNG")
    func corruptCRC() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let original = folder + "/good.png"
        try PNGFixtures.write([.init(path: original, width: 6, height: 4, bitDepth: 8,
                                     samples: (0..<24).map { $0 * 10 })])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: original)))
        // Layout: 8-byte signature, IHDR (8 + 13 + 4 bytes, CRC at 29), then IDAT's length, type, data.
        let ihdrCRC = 29, idatData = 41
        let idatLength = Int(bytes[33]) << 24 | Int(bytes[34]) << 16 | Int(bytes[35]) << 8 | Int(bytes[36])
        let idatCRC = idatData + idatLength

        // Damaged data may fail in zlib before its CRC is checked; either way the error names IDAT.
        let cases = [("ihdr-crc", ihdrCRC, "IHDR: CRC error"), ("idat-crc", idatCRC, "IDAT: CRC error"),
                     ("idat-data", idatData + 2, "IDAT: ")]
        for (name, offset, expected) in cases {
            var damaged = bytes
            damaged[offset] ^= 0x5A
            let path = folder + "/\(name).png"
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            let error = loadError { _ = try readPixels(path, count: 24) }
            guard case let .invalidPNG(errorPath, reason)? = error else {
                Issue.record("\(name): expected invalidPNG, got \(String(describing: error))")
                continue
            }
            #expect(errorPath == path)
            #expect(reason.hasPrefix(expected), "\(name): \(reason)")
        }
    }

    @Test("a file truncated anywhere is an invalid PNG naming the file")
    func truncated() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let original = folder + "/good.png"
        try PNGFixtures.write([.init(path: original, width: 8, height: 8, bitDepth: 16,
                                     samples: (0..<64).map { $0 * 1000 })])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: original)))
        // Empty, inside the signature, inside IHDR, before IDAT, inside IDAT, without IEND, inside IEND's CRC.
        let lengths = [0, 5, 20, 33, 45, bytes.count - 12, bytes.count - 1]
        for length in lengths {
            let path = folder + "/cut-\(length).png"
            try Data(bytes[..<length]).write(to: URL(fileURLWithPath: path))
            let error = loadError { _ = try readPixels(path, count: 64) }
            guard case let .invalidPNG(errorPath, reason)? = error else {
                Issue.record("cut at \(length): expected invalidPNG, got \(String(describing: error))")
                continue
            }
            #expect(errorPath == path)
            #expect(error?.description.hasPrefix(path + ": not a readable PNG (") == true, "\(reason)")
        }
    }

    @Test("other refusals: missing file, not a PNG, buffer of the wrong size")
    func otherRefusals() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let missing = folder + "/missing.png"
        guard case let .unreadable(missingPath, _)? = loadError({ _ = try PNGFile.readHeader(path: missing) }) else {
            Issue.record("missing file: expected unreadable")
            return
        }
        #expect(missingPath == missing)

        let text = folder + "/notes.png"
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: text))
        #expect(loadError { _ = try PNGFile.readHeader(path: text) }
            == .invalidPNG(path: text, reason: "no PNG signature"))

        let good = folder + "/good.png"
        try PNGFixtures.write([.init(path: good, width: 4, height: 4, bitDepth: 8, samples: Array(0..<16))])
        guard case let .decodeFailed(path, reason)? = loadError({ _ = try readPixels(good, count: 15) }) else {
            Issue.record("wrong buffer size: expected decodeFailed")
            return
        }
        #expect(path == good)
        #expect(reason.contains("15"))
    }

    @Test("encode refuses sizes that do not match the buffer")
    func encodeRefusesBadSizes() {
        #expect(throws: PNGEncodeError.self) { try PNGFile.encode(gray8: [1, 2, 3], width: 2, height: 2) }
        #expect(throws: PNGEncodeError.self) { try PNGFile.encode(gray16: [], width: 0, height: 3) }
        #expect(throws: PNGEncodeError.self) { try PNGFile.encode(gray8: [1, 2], width: -1, height: -2) }
    }

    @Test("write replaces the file atomically and leaves no temporary file")
    func writeIsAtomic() throws {
        let folder = try PNGFixtures.makeFolder()
        defer { PNGFixtures.removeFolder(folder) }
        let path = folder + "/out.png"
        try PNGFile.write(try PNGFile.encode(gray8: [1, 2, 3, 4], width: 2, height: 2), to: path)
        try PNGFile.write(try PNGFile.encode(gray8: [9, 8, 7, 6, 5, 4], width: 3, height: 2), to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.png"])
        #expect(try readPixels(path, count: 6) == [9, 8, 7, 6, 5, 4])

        let nowhere = folder + "/no-such-folder/out.png"
        #expect(throws: OutputError.self) { try PNGFile.write([1, 2, 3], to: nowhere) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.png"])
    }
}
