#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one contiguous voxel buffer behind a `Volume` (x fastest, then y, then z).
///
/// A class so that copies of a `Volume` share it until one of them writes (copy on write).
/// A buffer of zeros comes from `calloc`: a large one is fresh pages from the kernel, already zero, so
/// nothing is written until the loader's workers fill it (in parallel, each touching its own slices),
/// instead of a single-threaded pass over the whole volume first.
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

    deinit { free(base) }

    private static func allocate(_ count: Int, zeroed: Bool) -> UnsafeMutablePointer<Voxel> {
        precondition(MemoryLayout<Voxel>.alignment <= 16, "voxel types are plain numbers")
        let bytes = max(1, count * MemoryLayout<Voxel>.stride)
        guard let raw = zeroed ? calloc(bytes, 1) : malloc(bytes) else {
            fatalError("cannot allocate a volume of \(bytes) bytes")
        }
        return raw.bindMemory(to: Voxel.self, capacity: count)
    }
}
