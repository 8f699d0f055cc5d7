#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file open for reading, by its descriptor, closed when the value goes away.
///
/// One open serves a file's kind check and its header read (a 256-slice series was opened five times
/// per slice before, two thirds of the loader's system calls).
final class OpenedFile {
    let path: String
    let descriptor: Int32

    init(path: String) throws(ScanLoadError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func bytes(at offset: Int, count: Int) throws(ScanLoadError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .unreadable(path: path, reason: "read failed: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            done += n
        }
        out.removeSubrange(done...)
        return out
    }
}
