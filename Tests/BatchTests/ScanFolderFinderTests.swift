import Foundation
import Measurements
import Testing
@testable import Batch

@Suite struct ScanFolderFinderTests {
    @Test func findsEveryFolderHoldingSlices() throws {
        let root = temporaryFolder("finder")
        defer { try? FileManager.default.removeItem(atPath: root) }
        write(dicomPreamble, to: root + "/clinicA/p1/IM0001")           // DICOM by its preamble
        write("x", to: root + "/clinicA/p2/series/slice.dcm")          // DICOM by its name
        write("", to: root + "/clinicB/stack/001.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]).write(to: URL(fileURLWithPath: root + "/clinicB/stack/001.png"))
        write("notes", to: root + "/clinicB/readme.txt")               // no slices: not a scan
        write(dicomPreamble, to: root + "/clinicB/DICOMDIR")           // an index, not a slice
        write(dicomPreamble, to: root + "/.hidden/IM1")
        #expect(try ScanFolderFinder.scans(under: root) == ["clinicA/p1", "clinicA/p2/series", "clinicB/stack"])
        #expect(try ScanFolderFinder.scans(under: root + "/clinicA/p1") == ["."])
    }
}
