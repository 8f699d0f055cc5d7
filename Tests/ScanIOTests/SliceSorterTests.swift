import Testing
import ScanIO
import VolumeCore

@Suite struct SliceSorterTests {
    // An oblique stack: rows along (cos 20°, sin 20°, 0), columns along z-ish, normal computed.
    let row = SIMD3<Double>(0.9396926207859084, 0.3420201433256687, 0)
    let col = SIMD3<Double>(0, 0, -1)
    var normal: SIMD3<Double> { cross(row, col) }

    func slice(_ name: String, at d: Double, shift: SIMD3<Double> = .zero, rows: Int = 4, columns: Int = 5,
               row r: SIMD3<Double>? = nil, pixelSpacing: SIMD2<Double> = [0.25, 0.2], frameOfReference: String = "1.2.3")
        -> SliceRef
    {
        SliceRef(file: name, rows: rows, columns: columns,
                 geometry: FrameGeometry(position: SIMD3(-10, 4, 30) + normal * d + shift,
                                         rowDirection: r ?? row, columnDirection: col, pixelSpacing: pixelSpacing),
                 frameOfReferenceUID: frameOfReference)
    }

    @Test func sortsByPositionAlongTheNormalNotByName() throws {
        let slices = [slice("c", at: 0.6), slice("a", at: 0.9), slice("d", at: 0), slice("b", at: 0.3)]
        let r = try SliceSorter.sort(slices, fallbackSliceSpacing: nil)
        #expect(r.order.map { slices[$0].file } == ["d", "b", "c", "a"])
        #expect(abs(r.geometry.spacing.z - 0.3) < 1e-12)
        // PixelSpacing is (between rows, between columns): x spacing is the second value.
        #expect(r.geometry.spacing.x == 0.2 && r.geometry.spacing.y == 0.25)
        #expect(maxAbs(r.geometry.origin - SIMD3(-10, 4, 30)) < 1e-12)
        #expect(maxAbs(r.geometry.direction.columns.2 - normal) < 1e-12)
    }

    @Test func refusesDuplicatePositions() {
        let slices = [slice("a", at: 0), slice("b", at: 0.3), slice("c", at: 0.3), slice("d", at: 0.6)]
        #expect(throws: ScanLoadError.duplicatePosition(first: "b", second: "c",
                                                        positionMm: dot(normal, SIMD3(-10, 4, 30) + normal * 0.3))) {
            try SliceSorter.sort(slices, fallbackSliceSpacing: nil)
        }
    }

    @Test func refusesAMissingSlice() {
        let slices = [0, 0.3, 0.9, 1.2].map { slice("s\($0)", at: $0) }
        #expect {
            try SliceSorter.sort(slices, fallbackSliceSpacing: nil)
        } throws: { e in
            guard case let .missingSlice(a, b, gap, spacing) = e as? ScanLoadError else { return false }
            return a == "s0.3" && b == "s0.9" && abs(gap - 0.6) < 1e-9 && abs(spacing - 0.3) < 1e-9
        }
    }

    @Test func refusesUnevenSpacing() {
        let slices = [0, 0.3, 0.6, 0.95, 1.25].map { slice("s\($0)", at: $0) }
        #expect {
            try SliceSorter.sort(slices, fallbackSliceSpacing: nil)
        } throws: { e in
            guard case let .unevenSpacing(a, b, step, _) = e as? ScanLoadError else { return false }
            return a == "s0.6" && b == "s0.95" && abs(step - 0.35) < 1e-9
        }
    }

    @Test func acceptsSpacingWithinTolerance() throws {
        // 0.3 mm ± 0.5 % is rounding, not unevenness.
        let slices = [0, 0.3015, 0.6, 0.9].map { slice("s\($0)", at: $0) }
        let r = try SliceSorter.sort(slices, fallbackSliceSpacing: nil)
        #expect(abs(r.geometry.spacing.z - 0.3) < 1e-12)
    }

    @Test func refusesGantryTilt() {
        // Each slice shifted 0.05 mm along the row direction per 0.3 mm step: a ~9.5° tilt.
        let slices = (0..<4).map { slice("s\($0)", at: Double($0) * 0.3, shift: row * (0.05 * Double($0))) }
        #expect {
            try SliceSorter.sort(slices, fallbackSliceSpacing: nil)
        } throws: { e in
            guard case let .gantryTilt(a, b, shear) = e as? ScanLoadError else { return false }
            return a == "s0" && b == "s1" && abs(shear - 0.05) < 1e-9
        }
    }

    @Test func refusesMixedOrientation() {
        let tilted = SIMD3<Double>(0.9396926207859084, 0.3410201433256687, 0.0261)  // off by ~1.5°
        let slices = [slice("a", at: 0), slice("b", at: 0.3, row: tilted / length(tilted))]
        #expect(throws: ScanLoadError.mixedOrientation(first: "a", second: "b")) {
            try SliceSorter.sort(slices, fallbackSliceSpacing: nil)
        }
    }

    @Test func refusesMixedSizesAndPixelSpacing() {
        #expect(throws: ScanLoadError.mixedSizes(first: "a", second: "b", detail: "5×4 vs 6×4 pixels")) {
            try SliceSorter.sort([slice("a", at: 0), slice("b", at: 0.3, columns: 6)], fallbackSliceSpacing: nil)
        }
        #expect {
            try SliceSorter.sort([slice("a", at: 0), slice("b", at: 0.3, pixelSpacing: [0.3, 0.2])],
                                 fallbackSliceSpacing: nil)
        } throws: { e in
            guard case .mixedSizes(first: "a", second: "b", detail: _) = e as? ScanLoadError else { return false }
            return true
        }
    }

    @Test func refusesMixedFramesOfReference() {
        #expect(throws: ScanLoadError.mixedFrameOfReference(first: "a", second: "b")) {
            try SliceSorter.sort([slice("a", at: 0), slice("b", at: 0.3, frameOfReference: "9.9")],
                                 fallbackSliceSpacing: nil)
        }
    }

    @Test func singleSliceTakesTheFallbackSpacing() throws {
        let r = try SliceSorter.sort([slice("a", at: 0)], fallbackSliceSpacing: 0.4)
        #expect(r.geometry.spacing.z == 0.4)
        #expect(r.notes.count == 1)
    }

    @Test func errorsNameBothFilesOnOneLine() {
        let e = ScanLoadError.missingSlice(first: "/scan/IM7", second: "/scan/IM8", gapMm: 0.6, spacingMm: 0.3)
        #expect(e.description == "/scan/IM7, /scan/IM8: missing slice(s): gap of 0.6 mm where the spacing is 0.3 mm")
        #expect(!e.description.contains("\n"))
    }
}
