/// A 3D image: voxels in one contiguous buffer (x fastest) with their LPS geometry.
///
/// A value type. Reading is free; the first write to a shared copy copies the buffer once
/// (out of line), so pass volumes freely but mutate only the one you own.
public struct Volume<Voxel: BitwiseCopyable & Sendable>: Sendable {
    /// Number of voxels along x, y, z.
    public let size: SIMD3<Int>
    public var geometry: VolumeGeometry
    @usableFromInline var storage: VolumeStorage<Voxel>

    public init(size: SIMD3<Int>, geometry: VolumeGeometry, repeating value: Voxel) {
        precondition(size.x > 0 && size.y > 0 && size.z > 0, "a volume needs at least one voxel")
        self.size = size
        self.geometry = geometry
        storage = VolumeStorage(count: size.x * size.y * size.z, repeating: value)
    }

    /// Total number of voxels.
    @inlinable public var count: Int { storage.count }
    /// Voxels in one z-slice.
    @inlinable public var sliceCount: Int { size.x * size.y }
    /// Bytes of voxel data.
    public var byteCount: Int { count * MemoryLayout<Voxel>.stride }

    /// Linear offset of an integer index (no bounds check; callers iterate within `size`).
    @inlinable
    public func offset(x: Int, y: Int, z: Int) -> Int { (z * size.y + y) * size.x + x }

    /// Whether an integer index lies inside the volume.
    @inlinable
    public func contains(x: Int, y: Int, z: Int) -> Bool {
        x >= 0 && y >= 0 && z >= 0 && x < size.x && y < size.y && z < size.z
    }

    /// The voxel at an index, bounds-checked. For tests and single look-ups, not for hot loops.
    public subscript(x: Int, y: Int, z: Int) -> Voxel {
        get {
            precondition(contains(x: x, y: y, z: z), "index (\(x), \(y), \(z)) outside \(size)")
            return storage.base[offset(x: x, y: y, z: z)]
        }
        set {
            precondition(contains(x: x, y: y, z: z), "index (\(x), \(y), \(z)) outside \(size)")
            makeUnique()
            storage.base[offset(x: x, y: y, z: z)] = newValue
        }
    }

    /// Typed throws, so that a stage's own error type passes through unchanged.
    @inlinable
    public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Voxel>) throws(E) -> R) throws(E) -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Voxel>) throws(E) -> R
    ) throws(E) -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
    }

    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { copyStorage() }
    }

    @usableFromInline
    @inline(never)
    mutating func copyStorage() { storage = VolumeStorage(copying: storage) }
}
