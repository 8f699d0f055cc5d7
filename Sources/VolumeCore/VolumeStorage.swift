/// The one contiguous voxel buffer behind a `Volume` (x fastest, then y, then z).
///
/// A class so that copies of a `Volume` share it until one of them writes (copy on write).
@usableFromInline
final class VolumeStorage<Voxel: BitwiseCopyable>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Voxel>
    @usableFromInline let count: Int

    @usableFromInline
    init(count: Int, repeating value: Voxel) {
        base = .allocate(capacity: count)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    @usableFromInline
    init(copying other: VolumeStorage) {
        base = .allocate(capacity: other.count)
        base.initialize(from: other.base, count: other.count)
        count = other.count
    }

    deinit { base.deallocate() }
}
