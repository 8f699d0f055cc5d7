import Foundation
import ScanIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The results file of a batch: JSON lines, one `BatchRecord` per scan, appended as each scan finishes.
///
/// Each record goes out in one `write` on a descriptor opened with `O_APPEND`, so records from
/// processes sharing the file never interleave, and a batch killed half-way leaves every finished
/// record whole. A last line cut off by such a kill is not valid JSON: `--resume` ignores it (the scan
/// is analysed again) and the next record starts on a new line.
public final class ResultsLog: @unchecked Sendable {
    public let path: String
    /// Scans the file already held when it was opened (`--resume`).
    public let recordedScans: Set<String>
    private let descriptor: Int32
    private let lock = NSLock()

    /// Opens `path` for appending. An existing, non-empty file is refused unless `resume` is set, so
    /// results of two different runs are not mixed by accident.
    public init(path: String, resume: Bool) throws(BatchError) {
        let existing = FileManager.default.contents(atPath: path)
        if let existing, !existing.isEmpty, !resume { throw .outputExists(path: path) }
        if existing == nil, FileManager.default.fileExists(atPath: path) {
            throw .unreadableOutput(path: path, reason: "permission denied or not a regular file")
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .unreadableOutput(path: path, reason: String(cString: strerror(errno))) }
        self.path = path
        self.descriptor = fd
        self.recordedScans = Self.scans(in: existing ?? Data())
        if let last = existing?.last, last != UInt8(ascii: "\n") {
            _ = [UInt8(ascii: "\n")].withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, 1) }
        }
    }

    deinit { close(descriptor) }

    /// Appends one record as one line.
    public func append(_ record: BatchRecord) throws(OutputError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(record) else {
            throw .writeFailed(path: path, reason: "cannot encode the record of \(record.scan)")
        }
        var line = [UInt8](json)
        line.append(UInt8(ascii: "\n"))
        lock.lock()
        defer { lock.unlock() }
        let written = line.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress!, $0.count) }
        guard written == line.count else {
            throw .writeFailed(path: path, reason: written < 0 ? String(cString: strerror(errno)) : "short write")
        }
    }

    /// The `scan` of every whole line of a results file.
    static func scans(in data: Data) -> Set<String> {
        struct Key: Decodable { let scan: String }
        let decoder = JSONDecoder()
        var scans = Set<String>()
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            if let key = try? decoder.decode(Key.self, from: Data(line)) { scans.insert(key.scan) }
        }
        return scans
    }
}
