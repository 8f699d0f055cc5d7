#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one contiguous voxel buffer behind a `Volume` (x fastest, then y, then z).
///
/// A class so that copies of a `Volume` share it until one of them writes (copy on write).
/// A large buffer is its own anonymous mapping, asked to be backed by 2 MiB pages (`MADV_HUGEPAGE`):
/// its pages come from the kernel already zero, so nothing is written until the loader's workers fill
/// it (in parallel, each touching its own slices), and the first touch costs one fault per 2 MiB instead
/// of one per 4 KiB — on this VM the faults were most of the time to load an uncompressed series.
/// Small buffers come from `calloc`/`malloc`.
@usableFromInline
final class VolumeStorage<Voxel: BitwiseCopyable>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Voxel>
    @usableFromInline let count: Int

    @usableFromInline
    init(count: Int, repeating value: Voxel) {
        let isZero = withUnsafeBytes(of: value) { $0.allSatisfy { $0 == 0 } }
        base = Self.allocate(count, zeroed: isZero)
        if !isZero { base.initialize(repeating: value, count: count) }
        self.count = count
    }

    @usableFromInline
    init(copying other: VolumeStorage) {
        base = Self.allocate(other.count, zeroed: false)
        base.initialize(from: other.base, count: other.count)
        count = other.count
    }

    deinit {
        let bytes = Self.byteCount(count)
        if bytes >= Self.mappedMinimumBytes { munmap(UnsafeMutableRawPointer(base), Self.mappedLength(bytes)) } else { free(base) }
    }

    /// Buffers from this size up are mapped with huge pages.
    static var mappedMinimumBytes: Int { 8 << 20 }
    static var hugePageBytes: Int { 2 << 20 }

    private static func byteCount(_ count: Int) -> Int { max(1, count * MemoryLayout<Voxel>.stride) }
    private static func mappedLength(_ bytes: Int) -> Int { (bytes + hugePageBytes - 1) / hugePageBytes * hugePageBytes }

    private static func allocate(_ count: Int, zeroed: Bool) -> UnsafeMutablePointer<Voxel> {
        precondition(MemoryLayout<Voxel>.alignment <= 16, "voxel types are plain numbers")
        let bytes = byteCount(count)
        if bytes >= mappedMinimumBytes {
            // Zero-filled by the kernel; the length is a multiple of 2 MiB and the kernel aligns large
            // anonymous mappings to 2 MiB, so the whole buffer can be huge pages.
            let length = mappedLength(bytes)
            let raw = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            guard let raw, raw != MAP_FAILED else { fatalError("cannot map a volume of \(bytes) bytes") }
            _ = madvise(raw, length, MADV_HUGEPAGE)
            return raw.bindMemory(to: Voxel.self, capacity: count)
        }
        guard let raw = zeroed ? calloc(bytes, 1) : malloc(bytes) else {
            fatalError("cannot allocate a volume of \(bytes) bytes")
        }
        return raw.bindMemory(to: Voxel.self, capacity: count)
    }
}
