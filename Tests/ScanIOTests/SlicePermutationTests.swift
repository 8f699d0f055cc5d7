import Testing
@testable import ScanIO

@Suite struct SlicePermutationTests {
    @Test func framesMoveToTheirSortedPosition() {
        // 6 frames of 3 voxels; frame f holds the value 10·f. zOfFrame sends frame f to slice z.
        let zOfFrame = [3, 0, 5, 1, 4, 2]
        var voxels = (0..<6).flatMap { f in [Int16](repeating: Int16(10 * f), count: 3) }
        voxels.withUnsafeMutableBufferPointer { b in
            DICOMSeriesLoader.permuteSlices(b.baseAddress!, sliceVoxels: 3, zOfFrame: zOfFrame)
        }
        for (f, z) in zOfFrame.enumerated() {
            #expect(Array(voxels[(3 * z)..<(3 * z + 3)]) == [Int16](repeating: Int16(10 * f), count: 3))
        }
    }
}
