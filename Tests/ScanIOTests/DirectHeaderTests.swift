import Foundation
import Testing
@testable import ScanIO

/// The bridge reads a plain file's header from its bytes (direct_header.h) and anything else through
/// GDCM. Each file here is written byte by byte with known values; both readers must give exactly those
/// values, and the direct reader must be the one used where the file is plain and only there.
@Suite("Direct header read")
struct DirectHeaderTests {
    static let explicitLE = "1.2.840.10008.1.2.1", implicitLE = "1.2.840.10008.1.2"

    /// A Part 10 file assembled element by element.
    struct RawFile {
        let explicit: Bool
        var body: [UInt8] = []

        static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        static func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }

        static func header(_ g: Int, _ e: Int, _ vr: String, length: Int, explicit: Bool) -> [UInt8] {
            let tag = le16(g) + le16(e)
            guard explicit else { return tag + le32(length) }
            let long: Set<String> = ["OB", "OW", "SQ", "UN", "UT"]
            return tag + Array(vr.utf8) + (long.contains(vr) ? [0, 0] + le32(length) : le16(length))
        }

        mutating func element(_ g: Int, _ e: Int, _ vr: String, _ value: [UInt8]) {
            body += Self.header(g, e, vr, length: value.count, explicit: explicit) + value
        }

        /// Text padded to an even length (UI with NUL, the rest with a space).
        mutating func text(_ g: Int, _ e: Int, _ vr: String, _ s: String) {
            var v = Array(s.utf8)
            if v.count % 2 == 1 { v.append(vr == "UI" ? 0 : 0x20) }
            element(g, e, vr, v)
        }

        mutating func us(_ g: Int, _ e: Int, _ values: Int...) { element(g, e, "US", values.flatMap(Self.le16)) }

        /// The file: preamble, "DICM", the file meta group (always explicit VR), then the data set.
        func bytes(transferSyntax: String) -> [UInt8] {
            var meta = RawFile(explicit: true)
            meta.element(0x0002, 0x0001, "OB", [0, 1])
            meta.text(0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.2")
            meta.text(0x0002, 0x0003, "UI", "1.2.3.4.5.6")
            meta.text(0x0002, 0x0010, "UI", transferSyntax)
            var lengthElement = RawFile(explicit: true)
            lengthElement.element(0x0002, 0x0000, "UL", Self.le32(meta.body.count))
            return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + lengthElement.body + meta.body + body
        }
    }

    /// Rows × Columns 4 × 3, 16-bit signed, every field the loader reads, in tag order; `before` runs
    /// just before the image pixel module's elements, `after` just before the pixel data.
    static func ctSlice(explicit: Bool, rowsValues: [Int] = [4], before: (inout RawFile) -> Void = { _ in },
                        after: (inout RawFile) -> Void = { _ in }, pixels: Bool = true) -> RawFile {
        var f = RawFile(explicit: explicit)
        f.text(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2")
        f.text(0x0008, 0x0018, "UI", "1.2.3.4.5.6")
        f.text(0x0008, 0x0020, "DA", "20261125")
        f.text(0x0008, 0x0060, "CS", "CT")
        f.text(0x0008, 0x103E, "LO", " Dental CBCT ")
        f.text(0x0010, 0x0010, "PN", "Doe^Jane")
        f.text(0x0010, 0x0020, "LO", "ID42")
        f.text(0x0010, 0x0030, "DA", "19700101")
        f.text(0x0018, 0x0050, "DS", "0.2")
        f.text(0x0018, 0x0088, "DS", "0.25 ")
        f.text(0x0020, 0x000E, "UI", "1.2.3.4.7")
        f.text(0x0020, 0x0013, "IS", "17")
        f.text(0x0020, 0x0032, "DS", "-12.5\\3.25\\40")
        f.text(0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0")
        f.text(0x0020, 0x0052, "UI", "1.2.3.4.8")
        before(&f)
        f.us(0x0028, 0x0002, 1)
        f.text(0x0028, 0x0004, "CS", "MONOCHROME2")
        f.element(0x0028, 0x0010, "US", rowsValues.flatMap(RawFile.le16))
        f.us(0x0028, 0x0011, 3)
        f.text(0x0028, 0x0030, "DS", "0.3\\0.4")
        f.us(0x0028, 0x0100, 16)
        f.us(0x0028, 0x0101, 12)
        f.us(0x0028, 0x0102, 11)
        f.us(0x0028, 0x0103, 1)
        f.text(0x0028, 0x1052, "DS", "-1024")
        f.text(0x0028, 0x1053, "DS", "1.5")
        after(&f)
        if pixels { f.element(0x7FE0, 0x0010, "OW", [UInt8](repeating: 7, count: 4 * 3 * 2)) }
        return f
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "/direct-header-\(UUID().uuidString.prefix(8)).dcm"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Both readers' headers for `bytes`; they must agree on everything but which reader was used.
    func readBothWays(_ bytes: [UInt8]) throws -> (any: DICOMHeader, gdcm: DICOMHeader) {
        let path = try write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let any = try DICOMFile.readHeader(path: path), gdcm = try DICOMFile.readHeader(path: path, reader: .gdcm)
        #expect(!gdcm.readDirectly)
        var same = any
        same.readDirectly = false
        #expect(same == gdcm)
        return (any, gdcm)
    }

    /// The values written by `ctSlice`.
    func expectSliceValues(_ h: DICOMHeader, syntax: String) {
        #expect(h.transferSyntaxUID == syntax)
        #expect(h.mediaSOPClassUID == "1.2.840.10008.5.1.4.1.1.2")
        #expect(h.sopClassUID == "1.2.840.10008.5.1.4.1.1.2" && h.sopInstanceUID == "1.2.3.4.5.6")
        #expect(h.seriesUID == "1.2.3.4.7" && h.frameOfReferenceUID == "1.2.3.4.8")
        #expect(h.studyDate == "20261125" && h.modality == "CT" && h.seriesDescription == "Dental CBCT")
        #expect(h.patient == PatientIdentifiers(name: "Doe^Jane", id: "ID42", birthDate: "19700101"))
        #expect(h.rows == 4 && h.columns == 3 && h.frames == 1 && h.samplesPerPixel == 1)
        #expect(h.bitsAllocated == 16 && h.bitsStored == 12 && h.pixelRepresentation == 1)
        #expect(h.photometric == "MONOCHROME2" && h.instanceNumber == 17)
        #expect(h.sliceThickness == 0.2 && h.spacingBetweenSlices == 0.25)
        #expect(h.frameGeometry == [FrameGeometry(position: SIMD3(-12.5, 3.25, 40), rowDirection: SIMD3(1, 0, 0),
                                                  columnDirection: SIMD3(0, 1, 0), pixelSpacing: SIMD2(0.3, 0.4),
                                                  rescaleSlope: 1.5, rescaleIntercept: -1024)])
    }

    @Test("a plain slice, explicit and implicit VR, is read directly with every value", arguments: [true, false])
    func plainSlice(explicit: Bool) throws {
        let syntax = explicit ? Self.explicitLE : Self.implicitLE
        let file = Self.ctSlice(explicit: explicit).bytes(transferSyntax: syntax)
        let (h, _) = try readBothWays(file)
        #expect(h.readDirectly)
        expectSliceValues(h, syntax: syntax)
        #expect(h.transferSyntaxName.hasPrefix(explicit ? "Explicit VR Little Endian" : "Implicit VR Little Endian"))
        // The pixel values are the last 24 bytes of the file.
        #expect(h.nativePixelOffset == file.count - 24)
    }

    @Test("a header longer than the walk's first read, a sequence holding geometry, and values GDCM's way")
    func plainVariants() throws {
        // 40 KB of a private element before the image module: the values after it are read past the head.
        let long = Self.ctSlice(explicit: true, before: { $0.element(0x0027, 0x1010, "OB", [UInt8](repeating: 9, count: 40_000)) })
        let (a, _) = try readBothWays(long.bytes(transferSyntax: Self.explicitLE))
        #expect(a.readDirectly)
        expectSliceValues(a, syntax: Self.explicitLE)

        // A sequence whose item holds an Image Position: only the top-level one counts.
        let nested = Self.ctSlice(explicit: false, before: { f in
            var item = RawFile(explicit: false)
            item.text(0x0020, 0x0032, "DS", "1\\2\\3")
            let itemBytes = RawFile.le16(0xFFFE) + RawFile.le16(0xE000) + RawFile.le32(item.body.count) + item.body
            f.element(0x0027, 0x1020, "SQ", itemBytes)
        })
        let (b, _) = try readBothWays(nested.bytes(transferSyntax: Self.implicitLE))
        #expect(b.readDirectly)
        expectSliceValues(b, syntax: Self.implicitLE)

        // Rows with two values (the first counts), an empty patient name and a UID cut by a NUL.
        var twoRows = Self.ctSlice(explicit: true, rowsValues: [4, 9])
        let name = RawFile.header(0x0010, 0x0010, "PN", length: 8, explicit: true) + Array("Doe^Jane".utf8)
        let at = try #require(twoRows.body.firstRange(of: name))
        twoRows.body.replaceSubrange(at, with: RawFile.header(0x0010, 0x0010, "PN", length: 0, explicit: true))
        // A UID with a space, a NUL and more after it: the text ends at the NUL (Fuzz/run found GDCM does).
        let uid = RawFile.header(0x0008, 0x0018, "UI", length: 12, explicit: true) + Array("1.2.3.4.5.6\0".utf8)
        let uidAt = try #require(twoRows.body.firstRange(of: uid))
        twoRows.body.replaceSubrange(uidAt, with: RawFile.header(0x0008, 0x0018, "UI", length: 16, explicit: true)
                                     + Array("1.2.3.4.5.6 \0X9\0".utf8))
        let (c, _) = try readBothWays(twoRows.bytes(transferSyntax: Self.explicitLE))
        #expect(c.readDirectly && c.rows == 4 && c.patient.name == "" && c.sopInstanceUID == "1.2.3.4.5.6")
    }

    @Test("files that are not plain go to GDCM, which reads the same values")
    func notPlain() throws {
        // Rows written as SS instead of the dictionary's US.
        var wrongVR = Self.ctSlice(explicit: true)
        let rows = RawFile.header(0x0028, 0x0010, "US", length: 2, explicit: true)
        let at = try #require(wrongVR.body.firstRange(of: rows))
        wrongVR.body.replaceSubrange(at, with: RawFile.header(0x0028, 0x0010, "SS", length: 2, explicit: true))
        // Functional groups (empty here): enhanced multi-frame geometry lives in them.
        let groups = Self.ctSlice(explicit: false, after: { $0.element(0x5200, 0x9229, "SQ", []) })
        // Elements out of tag order: GDCM sorts them.
        var unordered = RawFile(explicit: true)
        let slice = Self.ctSlice(explicit: true)
        let date = RawFile.header(0x0008, 0x0020, "DA", length: 8, explicit: true) + Array("20261125".utf8)
        let dateAt = try #require(slice.body.firstRange(of: date))
        unordered.body = Array(slice.body[dateAt]) + slice.body[..<dateAt.lowerBound] + slice.body[dateAt.upperBound...]
        // No pixel data element: the walk never reaches it.
        let cases: [(String, [UInt8])] = [
            ("wrong VR", wrongVR.bytes(transferSyntax: Self.explicitLE)),
            ("functional groups", groups.bytes(transferSyntax: Self.implicitLE)),
            ("out of order", unordered.bytes(transferSyntax: Self.explicitLE)),
            ("no pixel data", Self.ctSlice(explicit: true, pixels: false).bytes(transferSyntax: Self.explicitLE)),
        ]
        for (label, bytes) in cases {
            let (h, _) = try readBothWays(bytes)
            #expect(!h.readDirectly, "\(label)")
            #expect(h.columns == 3 && h.bitsStored == 12 && h.seriesUID == "1.2.3.4.7", "\(label)")
        }
    }

    @Test("the phantom writer's slices are read directly")
    func phantomSlicesAreDirect() throws {
        let folder = try DICOMWriterTests.makeFolder("direct")
        defer { DICOMWriterTests.removeFolder(folder) }
        for syntax in [DICOMTransferSyntax.explicit, .implicit] {
            let sub = folder + "/" + syntax.rawValue
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
            try DICOMWriter.writeSeries(DICOMWriterTests.unsignedVolume(), to: sub,
                                        options: DICOMWriterTests.options(syntax, slope: 1, intercept: -1024),
                                        fileName: DICOMWriterTests.sliceName)
            let (h, _) = try readBothWays(Array(try Data(contentsOf: URL(fileURLWithPath: sub + "/" + DICOMWriterTests.sliceName(1)))))
            #expect(h.readDirectly, "\(syntax)")
        }
    }

    /// The inputs on which Fuzz/run's differential check caught the two readers disagreeing.
    static let disagreements: [String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fuzz/crashes/dicom").standardized.path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("direct-header-") }.sorted().map { folder + "/" + $0 }
    }()

    @Test("fuzzed files on which the readers once disagreed read the same both ways, or fail both ways")
    func fuzzReproducers() throws {
        #expect(Self.disagreements.count >= 2)
        for path in Self.disagreements {
            let any = Result { () throws(ScanLoadError) in try DICOMFile.readHeader(path: path) }
            let gdcm = Result { () throws(ScanLoadError) in try DICOMFile.readHeader(path: path, reader: .gdcm) }
            switch (any, gdcm) {
            case (.success(var a), .success(let g)):
                a.readDirectly = false
                #expect(a == g, "\(path)")
            case (.failure, .failure):
                break
            default:
                Issue.record("\(path): one reader failed, the other did not: \(any) / \(gdcm)")
            }
        }
    }
}
