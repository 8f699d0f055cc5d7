/// A worker's reusable byte buffer: grown when a file needs more, freed with the worker. Reading every
/// file of a series through one warm buffer keeps malloc from handing out (and the kernel from zeroing)
/// fresh pages for each file.
final class ScratchBuffer {
    private(set) var base: UnsafeMutableRawPointer?
    private var capacity = 0

    /// At least `bytes` bytes (contents undefined).
    func bytes(_ bytes: Int) -> UnsafeMutableRawPointer {
        if bytes > capacity || base == nil {
            base?.deallocate()
            base = .allocate(byteCount: max(bytes, 1), alignment: 64)
            capacity = bytes
        }
        return base!
    }

    deinit { base?.deallocate() }
}
