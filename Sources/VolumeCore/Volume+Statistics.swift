/// Whole-volume kernels over the flat buffer: SIMD inner loops, parallel over z-slabs.
extension Volume where Voxel == Int16 {
    /// Smallest and largest voxel value.
    public func minMax() -> (min: Int16, max: Int16) {
        let sliceCount = self.sliceCount
        let parts = withUnsafeBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            return SlabPartition.map(slices: size.z) { _, slices in
                let start = slices.lowerBound * sliceCount, end = slices.upperBound * sliceCount
                return Int16Kernels.minMax(UnsafeBufferPointer(rebasing: shared.value[start..<end]))
            }
        }
        return (parts.map(\.min).min()!, parts.map(\.max).max()!)
    }

    /// Count of voxels with each value: `histogram[v - Int16.min]` for every `Int16` value.
    public func histogram() -> [Int] {
        let sliceCount = self.sliceCount
        let parts = withUnsafeBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            return SlabPartition.map(slices: size.z) { _, slices in
                let start = slices.lowerBound * sliceCount, end = slices.upperBound * sliceCount
                return Int16Kernels.histogram(UnsafeBufferPointer(rebasing: shared.value[start..<end]))
            }
        }
        var total = [Int](repeating: 0, count: 65536)
        for part in parts { for i in 0..<65536 { total[i] += part[i] } }
        return total
    }

    /// Number of voxels at or above a threshold (e.g. metal).
    public func count(atLeast threshold: Int16) -> Int {
        let sliceCount = self.sliceCount
        let parts = withUnsafeBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            return SlabPartition.map(slices: size.z) { _, slices in
                let start = slices.lowerBound * sliceCount, end = slices.upperBound * sliceCount
                return Int16Kernels.count(UnsafeBufferPointer(rebasing: shared.value[start..<end]),
                                          atLeast: threshold)
            }
        }
        return parts.reduce(0, +)
    }
}
