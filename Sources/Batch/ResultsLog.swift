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
/// record whole. A last line cut off by such a kill (no newline at its end) is cut from the file by
/// `--resume` and its scan analysed again, so a resumed file holds whole records only, as
/// `records import` requires.
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
        var whole = existing ?? Data()
        if let last = whole.last, last != UInt8(ascii: "\n") {
            whole = whole[..<(whole.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? whole.startIndex)]
            guard ftruncate(fd, off_t(whole.count)) == 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw .unreadableOutput(path: path, reason: "cannot cut its unfinished last line: \(reason)")
            }
        }
        self.path = path
        self.descriptor = fd
        self.recordedScans = Self.scans(in: whole)
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
