#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file under a temporary name in the destination's folder and renames it into place, so a
/// reader (or a crash) never sees it half-written. Unless `commit()` succeeds, the temporary file is
/// removed when the writer goes away (including when an error unwinds past it).
public final class AtomicFile {
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var committed = false

    /// Creates the temporary file (mode 0644) next to `path`.
    public init(path: String) throws(OutputError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(folder.isEmpty ? "" : folder)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .writeFailed(path: path, reason: Self.systemError()) }
        fchmod(fd, 0o644)
        self.path = path
        self.descriptor = fd
        self.temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: path, reason: Self.systemError())
            }
            offset += n
        }
    }

    public func write(_ text: String) throws(OutputError) {
        try Array(text.utf8).withUnsafeBufferPointer { (buffer) throws(OutputError) in
            try write(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Flushes the temporary file to disk and closes it (once; `commit` does it when not done before).
    /// Writing several files all or none: write each, sync each, then commit each.
    public func sync() throws(OutputError) {
        guard descriptor >= 0 else { return }
        let synced = fsync(descriptor) == 0
        let closed = close(descriptor) == 0
        descriptor = -1
        guard synced && closed else { throw .writeFailed(path: path, reason: Self.systemError()) }
    }

    /// Flushes to disk and renames into place.
    public func commit() throws(OutputError) {
        precondition(!committed, "commit once")
        try sync()
        guard rename(temporaryPath, path) == 0 else { throw .writeFailed(path: path, reason: Self.systemError()) }
        committed = true
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if !committed { unlink(temporaryPath) }
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(OutputError) {
        let file = try AtomicFile(path: path)
        try file.write(bytes)
        try file.commit()
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(OutputError) in
            try write(UnsafeRawBufferPointer(buffer), to: path)
        }
    }

    static func systemError() -> String { String(cString: strerror(errno)) }
}
