import Foundation
import Testing
@testable import ScanIO
import VolumeCore

/// Native little-endian pixel data is read from the file straight into the volume; everything else goes
/// through GDCM. GDCM's decode of the same file is the independent reference.
@Suite("Native pixel read")
struct NativePixelReadTests {
    typealias W = DICOMWriterTests

    /// Both paths' bytes for one file.
    func decodeBothWays(_ h: DICOMHeader) throws -> (direct: [UInt8], gdcm: [UInt8], layouts: (PixelLayout, PixelLayout)) {
        let bytes = h.rows * h.columns * h.frames * h.bitsAllocated / 8
        var direct = [UInt8](repeating: 0xAA, count: bytes), gdcm = [UInt8](repeating: 0x55, count: bytes)
        let a = try direct.withUnsafeMutableBytes { try DICOMFile.decodePixels(h, into: $0) }
        let b = try gdcm.withUnsafeMutableBytes { try DICOMFile.decodePixels(path: h.path, into: $0) }
        return (direct, gdcm, (a, b))
    }

    @Test("explicit and implicit VR files are read directly, equal to GDCM's decode, 16 and 12 bits stored",
          arguments: [DICOMTransferSyntax.explicit, .implicit], [16, 12])
    func nativeEqualsGDCM(syntax: DICOMTransferSyntax, bitsStored: Int) throws {
        let folder = try W.makeFolder("native-\(syntax.rawValue)-\(bitsStored)")
        defer { W.removeFolder(folder) }
        let options = W.options(syntax, slope: 1, intercept: -1024, bitsStored: bitsStored)
        try DICOMWriter.writeSeries(W.unsignedVolume(maximum: (1 << bitsStored) - 1), to: folder, options: options,
                                    fileName: W.sliceName)
        try DICOMWriter.writeMultiFrame(W.signedVolume(), to: folder + "/enhanced.dcm",
                                        options: W.options(syntax, slope: 1, intercept: 0))
        for path in [folder + "/" + W.sliceName(2), folder + "/enhanced.dcm"] {
            let h = try DICOMFile.readHeader(path: path)
            let offset = try #require(h.nativePixelOffset, "\(path): no direct read")
            let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(offset + h.rows * h.columns * h.frames * 2 == size, "the pixels end the file")
            let (direct, gdcm, layouts) = try decodeBothWays(h)
            #expect(direct == gdcm)
            #expect(layouts.0 == layouts.1)
        }
    }

    @Test("compressed files, a file cut short and a file with bytes after its pixels go through GDCM")
    func otherFilesUseTheCodec() throws {
        let folder = try W.makeFolder("native-fallback")
        defer { W.removeFolder(folder) }
        for syntax in [DICOMTransferSyntax.jpegLS, .j2k, .rle] {
            let sub = folder + "/" + syntax.rawValue
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
            try DICOMWriter.writeSeries(W.unsignedVolume(), to: sub, options: W.options(syntax, slope: 1, intercept: 0),
                                        fileName: W.sliceName)
            #expect(try DICOMFile.readHeader(path: sub + "/" + W.sliceName(0)).nativePixelOffset == nil, "\(syntax)")
        }
        let sub = folder + "/explicit"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        try DICOMWriter.writeSeries(W.unsignedVolume(), to: sub, options: W.options(.explicit, slope: 1, intercept: 0),
                                    fileName: W.sliceName)
        let cut = sub + "/" + W.sliceName(0), padded = sub + "/" + W.sliceName(1)
        let whole = try Data(contentsOf: URL(fileURLWithPath: cut))
        try whole.dropLast().write(to: URL(fileURLWithPath: cut))
        try (Data(contentsOf: URL(fileURLWithPath: padded)) + Data([0xFC, 0xFF, 0xFC, 0xFF, 0, 0, 0, 0]))
            .write(to: URL(fileURLWithPath: padded))
        #expect(try DICOMFile.readHeader(path: cut).nativePixelOffset == nil)
        #expect(try DICOMFile.readHeader(path: padded).nativePixelOffset == nil)
        // The cut file is refused by GDCM's path as before: one byte of its pixel data is missing.
        let h = try DICOMFile.readHeader(path: cut)
        #expect(throws: ScanLoadError.self) { _ = try decodeBothWays(h) }
    }
}
