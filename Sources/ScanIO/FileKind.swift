import Foundation

/// What a file in a scan folder looks like from its first bytes and its name.
public enum FileKind: Sendable, Equatable {
    case png
    /// "DICM" at offset 128, or a DICOM name (.dcm, .dicom, .ima, DICOMDIR): must parse, or the scan is refused.
    case dicom
    /// Anything else: tried as DICOM (old files have no preamble), ignored when that fails.
    case unknown

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let dicomExtensions: Set<String> = ["dcm", "dicom", "ima", "dic"]

    public static func of(path: String) throws(ScanLoadError) -> FileKind {
        of(head: try OpenedFile(path: path).bytes(at: 0, count: headBytes), path: path)
    }

    /// The bytes `of(head:path:)` looks at: the PNG signature, or the DICOM preamble and "DICM".
    static let headBytes = 132

    /// The kind of the file at `path` whose first bytes are `head`.
    static func of(head: [UInt8], path: String) -> FileKind {
        if head.count >= 8 && Array(head.prefix(8)) == pngSignature { return .png }
        if head.count >= 132 && head[128..<132].elementsEqual("DICM".utf8) { return .dicom }
        let name = (path as NSString).lastPathComponent
        if name.uppercased() == "DICOMDIR" { return .dicom }
        if dicomExtensions.contains((name as NSString).pathExtension.lowercased()) { return .dicom }
        return .unknown
    }
}
