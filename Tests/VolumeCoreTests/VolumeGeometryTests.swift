import Testing
import VolumeCore

@Suite struct VolumeGeometryTests {
    // An oblique frame: x axis rotated 30° about z, y axis perpendicular to it, z along +z.
    let c = 0.8660254037844386, s = 0.5
    var geometry: VolumeGeometry {
        VolumeGeometry(spacing: [0.2, 0.25, 0.3], origin: [10, -20, 5],
                       direction: Matrix3(columns: [c, s, 0], [-s, c, 0], [0, 0, 1]))
    }

    @Test func indexToPhysicalMatchesHandCalculation() {
        // Index (10, 4, 2): 10·0.2 = 2 mm along x̂, 4·0.25 = 1 mm along ŷ, 2·0.3 = 0.6 mm along ẑ.
        let p = geometry.physicalPoint(ofIndex: [10, 4, 2])
        let expected = SIMD3<Double>(10 + 2 * c - 1 * s, -20 + 2 * s + 1 * c, 5 + 0.6)
        #expect(maxAbs(p - expected) < 1e-12)
    }

    @Test func physicalToIndexInvertsIt() {
        let index = SIMD3<Double>(3.5, -1.25, 7)
        let back = geometry.continuousIndex(ofPoint: geometry.physicalPoint(ofIndex: index))
        #expect(maxAbs(back - index) < 1e-12)
    }

    @Test func voxelVolumeIsProductOfSpacing() {
        #expect(abs(geometry.voxelVolume - 0.015) < 1e-15)
    }
}
