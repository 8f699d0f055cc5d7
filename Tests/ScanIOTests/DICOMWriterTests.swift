import Foundation
import Testing
@testable import ScanIO
import VolumeCore

/// Writes small volumes with `DICOMWriter` in every transfer syntax and reads them back with the
/// loader (GDCM), checking every voxel, the geometry and the identifiers against the source.
///
/// Set `DICOM_WRITER_TEST_OUTPUT` to a folder to keep the written files there (for checking them
/// with other readers); otherwise they are removed.
@Suite("DICOMWriter")
struct DICOMWriterTests {
    // MARK: Fixtures

    static let size: SIMD3<Int> = [17, 13, 5]

    /// An oblique, right-handed orthonormal frame (rotation of 30° about z, then 20° about the new x),
    /// with unequal spacing and an origin off every grid.
    static let geometry: VolumeGeometry = {
        let a = 30.0 * Double.pi / 180, b = 20.0 * Double.pi / 180
        let x = SIMD3(cos(a), sin(a), 0)
        let y = SIMD3(-sin(a) * cos(b), cos(a) * cos(b), sin(b))
        return VolumeGeometry(spacing: [0.3125, 0.41, 0.55], origin: [-12.345678, 33.5, -101.25],
                              direction: Matrix3(columns: x, y, cross(x, y)))
    }()

    static let studyDate = "20240102"

    static func options(_ syntax: DICOMTransferSyntax, slope: Double, intercept: Double,
                        bitsStored: Int = 16) -> DICOMWriteOptions {
        DICOMWriteOptions(studyUID: "1.2.826.0.1.3680043.10.1234.1", seriesUID: "1.2.826.0.1.3680043.10.1234.1.2",
                          frameOfReferenceUID: "1.2.826.0.1.3680043.10.1234.1.3",
                          sopInstanceUIDRoot: "1.2.826.0.1.3680043.10.1234.1.4", patientName: "Phantom^Jaw",
                          patientID: "PH-001", studyDate: studyDate, seriesDescription: "writer test",
                          manufacturer: "ImplantScan", rescaleSlope: slope, rescaleIntercept: intercept,
                          bitsStored: bitsStored, transferSyntax: syntax)
    }

    /// Unsigned stored values: 0, 1, 4095 and 65535 at the first four voxels of the first and last
    /// slices, a gradient elsewhere (`(211x + 1231y + 7919z) mod 65536`).
    static func unsignedVolume(maximum: Int = 65535) -> Volume<UInt16> {
        var v = Volume<UInt16>(size: size, geometry: geometry, repeating: 0)
        v.withUnsafeMutableBufferPointer { b in
            for z in 0..<size.z {
                for y in 0..<size.y {
                    for x in 0..<size.x {
                        b[(z * size.y + y) * size.x + x] = UInt16((211 * x + 1231 * y + 7919 * z) % (maximum + 1))
                    }
                }
            }
        }
        for z in [0, size.z - 1] {
            for (x, value) in [0, 1, 4095, UInt16(maximum)].enumerated() { v[x, 0, z] = value }
        }
        return v
    }

    /// Signed stored values: −32768, −1, 0 and 32767 at the first four voxels of the first and last
    /// slices, a gradient elsewhere (`2311x − 977y + 6007z − 9000`, wrapped to 16 bits).
    static func signedVolume() -> Volume<Int16> {
        var v = Volume<Int16>(size: size, geometry: geometry, repeating: 0)
        v.withUnsafeMutableBufferPointer { b in
            for z in 0..<size.z {
                for y in 0..<size.y {
                    for x in 0..<size.x {
                        b[(z * size.y + y) * size.x + x] = Int16(truncatingIfNeeded: 2311 * x - 977 * y + 6007 * z - 9000)
                    }
                }
            }
        }
        for z in [0, size.z - 1] {
            for (x, value) in [Int16.min, -1, 0, Int16.max].enumerated() { v[x, 0, z] = value }
        }
        return v
    }

    /// HU the loader must produce: stored × slope + intercept, rounded half away from zero and clamped
    /// to Int16; and the number of clamped voxels.
    static func expectedHU<V: BinaryInteger>(_ v: Volume<V>, slope: Double, intercept: Double) -> ([Int16], Int) {
        var clamped = 0
        let values = v.withUnsafeBufferPointer { b in
            b.map { s -> Int16 in
                let hu = (Double(s) * slope + intercept).rounded()
                if hu > Double(Int16.max) { clamped += 1; return .max }
                if hu < Double(Int16.min) { clamped += 1; return .min }
                return Int16(hu)
            }
        }
        return (values, clamped)
    }

    /// The three stored-value cases of the round trips.
    enum Case: String, CaseIterable {
        /// UInt16, slope 1, intercept −1024: 65535 → 64511 is clamped to 32767.
        case unsignedCT
        /// Int16, slope 1, intercept 0: HU = stored.
        case signed
        /// UInt16, slope 0.5, intercept −1000: halves round away from zero.
        case unsignedHalf

        var slope: Double { self == .unsignedHalf ? 0.5 : 1 }
        var intercept: Double { [.unsignedCT: -1024, .signed: 0, .unsignedHalf: -1000][self]! }
    }

    static func makeFolder(_ label: String) throws -> String {
        let base = ProcessInfo.processInfo.environment["DICOM_WRITER_TEST_OUTPUT"] ?? NSTemporaryDirectory()
        let path = base + "/dicom-writer-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func removeFolder(_ path: String) {
        guard ProcessInfo.processInfo.environment["DICOM_WRITER_TEST_OUTPUT"] == nil else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    static func sliceName(_ k: Int) -> String { "slice\(k + 1).dcm" }

    /// Writes the case's volume (series into `folder`, or one multi-frame file in it); returns the path
    /// to load, the expected HU and clamped count.
    static func write(_ c: Case, _ syntax: DICOMTransferSyntax, multiFrame: Bool, in folder: String)
        throws -> (path: String, expected: [Int16], clamped: Int)
    {
        let options = options(syntax, slope: c.slope, intercept: c.intercept)
        let path = multiFrame ? folder + "/enhanced.dcm" : folder
        switch c {
        case .unsignedCT, .unsignedHalf:
            let v = unsignedVolume()
            if multiFrame { try DICOMWriter.writeMultiFrame(v, to: path, options: options) } else {
                try DICOMWriter.writeSeries(v, to: folder, options: options, fileName: sliceName)
            }
            let (e, n) = expectedHU(v, slope: c.slope, intercept: c.intercept)
            return (path, e, n)
        case .signed:
            let v = signedVolume()
            if multiFrame { try DICOMWriter.writeMultiFrame(v, to: path, options: options) } else {
                try DICOMWriter.writeSeries(v, to: folder, options: options, fileName: sliceName)
            }
            let (e, n) = expectedHU(v, slope: c.slope, intercept: c.intercept)
            return (path, e, n)
        }
    }

    static func expectGeometry(_ g: VolumeGeometry, sourceLocation: SourceLocation = #_sourceLocation) {
        let tolerance = VolumeGeometry.tolerance
        #expect(maxAbs(g.spacing - geometry.spacing) <= tolerance, "spacing \(g.spacing)", sourceLocation: sourceLocation)
        #expect(maxAbs(g.origin - geometry.origin) <= tolerance, "origin \(g.origin)", sourceLocation: sourceLocation)
        #expect(g.direction.maxDifference(from: geometry.direction) <= tolerance, "direction \(g.direction.columnMajor)",
                sourceLocation: sourceLocation)
    }

    // MARK: Round trips

    @Test("a series reads back voxel for voxel, with its geometry, syntax and identifiers",
          arguments: DICOMTransferSyntax.allCases)
    func seriesRoundTrip(syntax: DICOMTransferSyntax) throws {
        for c in Case.allCases {
            let folder = try Self.makeFolder("series-\(syntax.rawValue)-\(c.rawValue)")
            defer { Self.removeFolder(folder) }
            let (path, expected, clamped) = try Self.write(c, syntax, multiFrame: false, in: folder)

            let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            #expect(names == (0..<Self.size.z).map(Self.sliceName).sorted(), "\(c)")

            let scan = try ScanLoader.load(path: path)
            #expect(scan.volume.size == Self.size)
            let values = scan.volume.withUnsafeBufferPointer { Array($0) }
            #expect(values == expected, "\(syntax) \(c): voxels differ")
            #expect(scan.info.clampedVoxels == clamped)
            #expect(scan.info.transferSyntaxes == [syntax.name])
            #expect(scan.info.chosenSeriesUID == "1.2.826.0.1.3680043.10.1234.1.2")
            #expect(scan.info.studyDate == Self.studyDate)
            Self.expectGeometry(scan.volume.geometry)

            // Each slice: its own SOP Instance UID and InstanceNumber, the CT Image SOP class, and its
            // position along the normal.
            for k in 0..<Self.size.z {
                let h = try DICOMFile.readHeader(path: folder + "/" + Self.sliceName(k))
                #expect(h.sopInstanceUID == "1.2.826.0.1.3680043.10.1234.1.4.\(k + 1)")
                #expect(h.sopClassUID == "1.2.840.10008.5.1.4.1.1.2")
                #expect(h.mediaSOPClassUID == "1.2.840.10008.5.1.4.1.1.2")
                #expect(h.transferSyntaxUID == syntax.uid)
                #expect(h.instanceNumber == k + 1)
                #expect(h.modality == "CT")
                #expect(h.frameOfReferenceUID == "1.2.826.0.1.3680043.10.1234.1.3")
                #expect(h.pixelRepresentation == (c == .signed ? 1 : 0))
                #expect(h.bitsAllocated == 16 && h.bitsStored == 16)
                #expect(h.sliceThickness == 0.55)
                let f = try #require(h.frameGeometry.first)
                let position = Self.geometry.physicalPoint(ofIndex: [0, 0, Double(k)])
                #expect(maxAbs(try #require(f.position) - position) <= VolumeGeometry.tolerance)
                #expect(f.pixelSpacing == [0.41, 0.3125])
                #expect(f.rescaleSlope == c.slope && f.rescaleIntercept == c.intercept)
            }
        }
    }

    @Test("an Enhanced CT file reads back voxel for voxel, with a position per frame",
          arguments: DICOMTransferSyntax.allCases)
    func multiFrameRoundTrip(syntax: DICOMTransferSyntax) throws {
        for c in Case.allCases {
            let folder = try Self.makeFolder("enhanced-\(syntax.rawValue)-\(c.rawValue)")
            defer { Self.removeFolder(folder) }
            let (path, expected, clamped) = try Self.write(c, syntax, multiFrame: true, in: folder)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["enhanced.dcm"])

            let scan = try ScanLoader.load(path: path)
            #expect(scan.volume.size == Self.size)
            let values = scan.volume.withUnsafeBufferPointer { Array($0) }
            #expect(values == expected, "\(syntax) \(c): voxels differ")
            #expect(scan.info.clampedVoxels == clamped)
            #expect(scan.info.transferSyntaxes == [syntax.name])
            Self.expectGeometry(scan.volume.geometry)

            let h = try DICOMFile.readHeader(path: path)
            #expect(h.sopClassUID == "1.2.840.10008.5.1.4.1.1.2.1")
            #expect(h.sopInstanceUID == "1.2.826.0.1.3680043.10.1234.1.4.1")
            #expect(h.transferSyntaxUID == syntax.uid)
            #expect(h.frames == Self.size.z)
            #expect(h.frameGeometry.count == Self.size.z)
            for (k, f) in h.frameGeometry.enumerated() {
                let position = Self.geometry.physicalPoint(ofIndex: [0, 0, Double(k)])
                #expect(maxAbs(try #require(f.position) - position) <= VolumeGeometry.tolerance, "frame \(k)")
                #expect(f.pixelSpacing == [0.41, 0.3125])
                #expect(f.rescaleSlope == c.slope && f.rescaleIntercept == c.intercept)
            }
        }
    }

    /// Signed 12-bit stored values: −2048, −1, 0 and 2047 at the first four voxels of the first and
    /// last slices, the signed gradient wrapped to −2048 … 2047 elsewhere.
    static func signed12Volume() -> Volume<Int16> {
        var v = signedVolume()
        v.withUnsafeMutableBufferPointer { b in
            for i in b.indices { b[i] = Int16((Int(b[i]) & 0xfff) ^ 0x800) - 0x800 }
        }
        for z in [0, size.z - 1] {
            for (x, value) in [Int16(-2048), -1, 0, 2047].enumerated() { v[x, 0, z] = value }
        }
        return v
    }

    /// Writes `v` with BitsStored 12 as a series in `folder/series` and a multi-frame file in `folder`,
    /// and checks both read back as `expected`.
    static func roundTrip12<V: DICOMStoredValue>(_ v: Volume<V>, _ options: DICOMWriteOptions, in folder: String,
                                                 expected: [Int16]) throws {
        let series = folder + "/series"
        try FileManager.default.createDirectory(atPath: series, withIntermediateDirectories: false)
        try DICOMWriter.writeSeries(v, to: series, options: options, fileName: sliceName)
        try DICOMWriter.writeMultiFrame(v, to: folder + "/enhanced.dcm", options: options)
        for path in [series + "/" + sliceName(0), folder + "/enhanced.dcm"] {
            let h = try DICOMFile.readHeader(path: path)
            #expect(h.bitsStored == 12 && h.bitsAllocated == 16)
        }
        for path in [series, folder + "/enhanced.dcm"] {
            let scan = try ScanLoader.load(path: path)
            #expect(scan.volume.withUnsafeBufferPointer { Array($0) } == expected, "\(options.transferSyntax) \(path)")
        }
    }

    @Test("12-bit stored values round-trip with BitsStored 12, unsigned and signed",
          arguments: DICOMTransferSyntax.allCases)
    func bitsStored12(syntax: DICOMTransferSyntax) throws {
        let unsignedFolder = try Self.makeFolder("bits12-\(syntax.rawValue)-unsigned")
        let signedFolder = try Self.makeFolder("bits12-\(syntax.rawValue)-signed")
        defer { Self.removeFolder(unsignedFolder); Self.removeFolder(signedFolder) }

        let u = Self.unsignedVolume(maximum: 4095)
        let (expectedU, _) = Self.expectedHU(u, slope: 1, intercept: -1024)
        #expect(expectedU.min() == -1024 && expectedU.max() == 3071)
        try Self.roundTrip12(u, Self.options(syntax, slope: 1, intercept: -1024, bitsStored: 12), in: unsignedFolder,
                             expected: expectedU)

        let s = Self.signed12Volume()
        let expectedS = s.withUnsafeBufferPointer { Array($0) }
        #expect(expectedS.min() == -2048 && expectedS.max() == 2047)
        try Self.roundTrip12(s, Self.options(syntax, slope: 1, intercept: 0, bitsStored: 12), in: signedFolder,
                             expected: expectedS)
    }

    // MARK: Determinism

    @Test("writing twice gives byte-identical files, without the clock in them",
          arguments: DICOMTransferSyntax.allCases)
    func byteIdentical(syntax: DICOMTransferSyntax) throws {
        let a = try Self.makeFolder("same-a-\(syntax.rawValue)"), b = try Self.makeFolder("same-b-\(syntax.rawValue)")
        defer { Self.removeFolder(a); Self.removeFolder(b) }
        let v = Self.signedVolume()
        let options = Self.options(syntax, slope: 1, intercept: 0)
        for folder in [a, b] {
            try DICOMWriter.writeSeries(v, to: folder, options: options, fileName: Self.sliceName)
            try DICOMWriter.writeMultiFrame(v, to: folder + "/enhanced.dcm", options: options)
        }
        let names = (0..<Self.size.z).map(Self.sliceName) + ["enhanced.dcm"]
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let today = [Date(), Date(timeIntervalSinceNow: -86_400), Date(timeIntervalSinceNow: 86_400)]
            .map { Data(formatter.string(from: $0).utf8) }
        for name in names {
            let first = try Data(contentsOf: URL(fileURLWithPath: a + "/" + name))
            let second = try Data(contentsOf: URL(fileURLWithPath: b + "/" + name))
            #expect(first == second, "\(syntax) \(name) differs between two writes")
            #expect(first.count > 132 && first[128..<132] == Data("DICM".utf8))
            // No date but the study date: GDCM added no creation date.
            for day in today { #expect(first.range(of: day) == nil, "\(name) holds the current date") }
            #expect(first.range(of: Data(Self.studyDate.utf8)) != nil)
        }
    }

    // MARK: Failures

    @Test("a write into a missing folder throws and leaves nothing")
    func missingFolder() throws {
        let parent = try Self.makeFolder("missing")
        defer { Self.removeFolder(parent) }
        let options = Self.options(.explicit, slope: 1, intercept: 0)
        let v = Self.signedVolume()
        #expect(throws: OutputError.self) {
            try DICOMWriter.writeSeries(v, to: parent + "/absent", options: options, fileName: Self.sliceName)
        }
        #expect(throws: OutputError.self) {
            try DICOMWriter.writeMultiFrame(v, to: parent + "/absent/enhanced.dcm", options: options)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    @Test("a slice that cannot be written removes the slices already written")
    func failedSliceLeavesNothing() throws {
        let folder = try Self.makeFolder("value")
        defer { Self.removeFolder(folder) }
        // BitsStored 12 and one value of 4096 in slice 3 only: slices 0, 1, 2 and 4 encode, slice 3 does not.
        var v = Self.unsignedVolume(maximum: 4095)
        v[5, 6, 3] = 4096
        let options = Self.options(.rle, slope: 1, intercept: 0, bitsStored: 12)
        let expected = OutputError.writeFailed(
            path: folder + "/slice4.dcm", reason: "stored value 4096 at pixel \(6 * 17 + 5) of frame 0 does not fit BitsStored 12")
        #expect(throws: expected) {
            try DICOMWriter.writeSeries(v, to: folder, options: options, fileName: Self.sliceName)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        #expect(throws: OutputError.writeFailed(
            path: folder + "/enhanced.dcm",
            reason: "stored value 4096 at pixel \(6 * 17 + 5) of frame 3 does not fit BitsStored 12")) {
            try DICOMWriter.writeMultiFrame(v, to: folder + "/enhanced.dcm", options: options)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("malformed identifiers are refused before anything is written")
    func malformedIdentifiers() throws {
        let folder = try Self.makeFolder("ids")
        defer { Self.removeFolder(folder) }
        let v = Self.signedVolume()
        let path = folder + "/enhanced.dcm"

        var options = Self.options(.explicit, slope: 1, intercept: 0)
        options.sopInstanceUIDRoot = "1.2.826.0.1.3680043.10.1234.1.4.1234567890.1234567890.123456789"  // 63 + ".1"
        #expect(throws: OutputError.writeFailed(path: path, reason: "SOPInstanceUID is longer than 64 characters")) {
            try DICOMWriter.writeMultiFrame(v, to: path, options: options)
        }
        options = Self.options(.explicit, slope: 1, intercept: 0)
        options.seriesUID = "1.2.03"
        #expect(throws: OutputError.writeFailed(path: path, reason: "SeriesInstanceUID \"1.2.03\" is not a valid UID")) {
            try DICOMWriter.writeMultiFrame(v, to: path, options: options)
        }
        options = Self.options(.explicit, slope: 1, intercept: 0)
        options.studyDate = "2024-01-02"
        #expect(throws: OutputError.writeFailed(path: path, reason: "StudyDate \"2024-01-02\" is not YYYYMMDD")) {
            try DICOMWriter.writeMultiFrame(v, to: path, options: options)
        }
        options = Self.options(.explicit, slope: 1, intercept: 0)
        options.patientName = "Doe\\John"
        #expect(throws: OutputError.writeFailed(path: path, reason: "PatientName holds a backslash or control character")) {
            try DICOMWriter.writeMultiFrame(v, to: path, options: options)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("transfer syntax UIDs and names are those of PS3.6")
    func syntaxNames() {
        #expect(DICOMTransferSyntax.allCases.map(\.uid) == [
            "1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80",
            "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.5",
        ])
        #expect(DICOMTransferSyntax(rawValue: "jpeg-lossless") == .jpegLossless)
        #expect(DICOMTransferSyntax(rawValue: "jpegls") == .jpegLS)
        #expect(DICOMTransferSyntax.rle.name == "RLE Lossless")
    }
}
