import Foundation
import Testing
import ScanIO
import VolumeCore

@Suite struct NRRDWriterTests {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "nrrd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func writesHeaderAndLittleEndianVoxels() throws {
        var v = Volume<Int16>(size: [3, 2, 2], geometry: VolumeGeometry(
            spacing: [0.5, 0.25, 2], origin: [1.5, -2, 3],
            direction: Matrix3(columns: [0, 1, 0], [-1, 0, 0], [0, 0, 1])), repeating: 0)
        v.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = Int16(i * 300 - 1000) } }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out.nrrd"
        try NRRDWriter.write(v, to: path)

        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let separator = data.range(of: Data("\n\n".utf8))!
        let header = String(decoding: data[..<separator.lowerBound], as: UTF8.self)
        #expect(header.contains("sizes: 3 2 2"))
        #expect(header.contains("space: left-posterior-superior"))
        #expect(header.contains("space directions: (0.0,0.5,0.0) (-0.25,0.0,0.0) (0.0,0.0,2.0)"))
        #expect(header.contains("space origin: (1.5,-2.0,3.0)"))
        let body = data[separator.upperBound...]
        #expect(body.count == 12 * 2)
        var values: [Int16] = []
        body.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for i in 0..<12 { values.append(raw.loadUnaligned(fromByteOffset: i * 2, as: Int16.self)) }
        }
        let expected: [Int16] = (0..<12).map { i in Int16(i * 300 - 1000) }
        #expect(values == expected)
        // Only the output is left: no temporary file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.nrrd"])
    }

    @Test func failedWriteLeavesNothing() throws {
        let v = Volume<Int16>(size: [2, 2, 2], geometry: VolumeGeometry(spacing: [1, 1, 1]), repeating: 1)
        #expect(throws: OutputError.self) { try NRRDWriter.write(v, to: "/nonexistent-folder/out.nrrd") }
    }

    @Test func droppedWriterRemovesItsTemporaryFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let file = try AtomicFile(path: folder + "/x.bin")
            try file.write("partial")
            // Dropped without commit, as when an error unwinds past it.
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
