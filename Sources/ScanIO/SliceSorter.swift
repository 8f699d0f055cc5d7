import VolumeCore

/// Orders the slices of one series along the slice normal and derives the volume geometry,
/// refusing stacks that are not one regular volume (after GDCM's IPPSorter and ITK's series reader).
///
/// Never sorts by file name, InstanceNumber or SliceLocation: only ImagePositionPatient projected on
/// the normal (row cosines × column cosines) counts.
public enum SliceSorter {
    /// Largest difference between two slices' direction cosines still taken as the same orientation.
    /// DICOM decimal strings carry about 6 significant digits; 1e-4 allows for rounding only.
    public static let orientationTolerance = 1e-4
    /// Largest deviation of ImageOrientationPatient from orthonormal before it is refused.
    public static let orthonormalTolerance = 1e-3
    /// Two slices closer than this along the normal (mm) are at the same position.
    public static let duplicateTolerance = 1e-3
    /// Largest shift across the slice plane per step along the normal, as a fraction of the step
    /// (0.005 ≈ 0.3° of gantry tilt), plus `absoluteShiftTolerance` for rounding of the positions.
    public static let shearTolerance = 0.005
    public static let absoluteShiftTolerance = 1e-4
    /// Largest relative deviation of one step from the series' spacing (1 %) before the spacing is uneven.
    public static let spacingTolerance = 0.01
    /// A step this many times the spacing or more is a gap: at least one slice is missing.
    public static let gapFactor = 1.5
    /// Relative tolerance for pixel spacing between slices.
    public static let pixelSpacingTolerance = 1e-4

    /// The slices in position order and the geometry of the volume they make.
    public struct Result: Sendable, Equatable {
        /// Indices into the input, first slice first.
        public var order: [Int]
        public var geometry: VolumeGeometry
        /// Decisions taken for lack of information (e.g. a single slice's z spacing).
        public var notes: [String]
    }

    /// Sorts `slices` (all of one series). `fallbackSliceSpacing` is used when the positions cannot give
    /// the z spacing (a single slice, or frames without positions).
    public static func sort(_ slices: [SliceRef], fallbackSliceSpacing: Double?) throws(ScanLoadError) -> Result {
        precondition(!slices.isEmpty)
        let first = slices[0]
        var notes: [String] = []

        // Same size and pixel spacing everywhere.
        for s in slices.dropFirst() where s.rows != first.rows || s.columns != first.columns {
            throw .mixedSizes(first: first.file, second: s.file,
                              detail: "\(first.columns)×\(first.rows) vs \(s.columns)×\(s.rows) pixels")
        }
        for s in slices.dropFirst() {
            if let a = first.geometry.pixelSpacing, let b = s.geometry.pixelSpacing,
               maxAbs(a - b) > pixelSpacingTolerance * max(a.max(), b.max()) {
                throw .mixedSizes(first: first.file, second: s.file,
                                  detail: "pixel spacing \(a.x)\\\(a.y) vs \(b.x)\\\(b.y) mm")
            }
        }
        let pixelSpacing: SIMD2<Double>
        if let ps = first.geometry.pixelSpacing {
            guard ps.x > 0, ps.y > 0, ps.x.isFinite, ps.y.isFinite else {
                throw .missingTag(path: first.file, tag: "PixelSpacing (not positive)")
            }
            pixelSpacing = ps
        } else {
            pixelSpacing = [1, 1]
            notes.append("no PixelSpacing: 1 mm assumed in-plane")
        }

        // One orientation, orthonormal.
        let rowDir: SIMD3<Double>, colDir: SIMD3<Double>
        if let r = first.geometry.rowDirection, let c = first.geometry.columnDirection {
            guard abs(length(r) - 1) < orthonormalTolerance, abs(length(c) - 1) < orthonormalTolerance,
                  abs(dot(r, c)) < orthonormalTolerance else {
                throw .missingTag(path: first.file, tag: "ImageOrientationPatient (not orthonormal)")
            }
            rowDir = r / length(r)
            colDir = c / length(c)
        } else {
            guard slices.allSatisfy({ $0.geometry.rowDirection == nil }) else {
                let s = slices.first { $0.geometry.rowDirection != nil }!
                throw .mixedOrientation(first: first.file, second: s.file)
            }
            rowDir = [1, 0, 0]
            colDir = [0, 1, 0]
            notes.append("no ImageOrientationPatient: axial orientation assumed")
        }
        for s in slices.dropFirst() {
            guard let fr = first.geometry.rowDirection, let fc = first.geometry.columnDirection else { break }
            guard let r = s.geometry.rowDirection, let c = s.geometry.columnDirection else {
                throw .missingTag(path: s.file, tag: "ImageOrientationPatient")
            }
            if max(maxAbs(r - fr), maxAbs(c - fc)) > orientationTolerance {
                throw .mixedOrientation(first: first.file, second: s.file)
            }
        }
        for s in slices.dropFirst() where !s.frameOfReferenceUID.isEmpty && !first.frameOfReferenceUID.isEmpty
            && s.frameOfReferenceUID != first.frameOfReferenceUID {
            throw .mixedFrameOfReference(first: first.file, second: s.file)
        }
        let normal = cross(rowDir, colDir)
        let direction = Matrix3(columns: rowDir, colDir, normal / length(normal))

        // Positions: all or none.
        let withPosition = slices.filter { $0.geometry.position != nil }.count
        if withPosition == 0 {
            guard slices.count == 1 || Set(slices.map(\.file)).count == 1 else {
                throw .missingTag(path: first.file, tag: "ImagePositionPatient")
            }
            let dz = try zSpacing(fallbackSliceSpacing, file: first.file, notes: &notes)
            notes.append("no ImagePositionPatient: origin 0, frames stacked in file order")
            return Result(order: Array(slices.indices),
                          geometry: VolumeGeometry(spacing: [pixelSpacing.y, pixelSpacing.x, dz],
                                                   origin: .zero, direction: direction),
                          notes: notes)
        }
        if withPosition < slices.count {
            let s = slices.first { $0.geometry.position == nil }!
            throw .missingTag(path: s.file, tag: "ImagePositionPatient")
        }

        let n = direction.columns.2
        let distance = slices.map { dot(n, $0.geometry.position!) }
        let order = slices.indices.sorted { (distance[$0], $0) < (distance[$1], $1) }
        guard order.count > 1 else {
            let dz = try zSpacing(fallbackSliceSpacing, file: first.file, notes: &notes)
            return Result(order: order,
                          geometry: VolumeGeometry(spacing: [pixelSpacing.y, pixelSpacing.x, dz],
                                                   origin: slices[order[0]].geometry.position!, direction: direction),
                          notes: notes)
        }

        var steps: [Double] = []
        for k in 1..<order.count {
            let a = slices[order[k - 1]], b = slices[order[k]]
            let delta = b.geometry.position! - a.geometry.position!
            let step = dot(n, delta)
            if step < duplicateTolerance {
                throw .duplicatePosition(first: a.file, second: b.file, positionMm: distance[order[k]])
            }
            let shift = length(delta - n * step)
            if shift > shearTolerance * step + absoluteShiftTolerance {
                throw .gantryTilt(first: a.file, second: b.file, shearMm: shift)
            }
            steps.append(step)
        }
        let spacing = median(steps)
        for k in 1..<order.count {
            let step = steps[k - 1]
            let a = slices[order[k - 1]].file, b = slices[order[k]].file
            if step >= gapFactor * spacing {
                throw .missingSlice(first: a, second: b, gapMm: step, spacingMm: spacing)
            }
            if abs(step - spacing) > spacingTolerance * spacing {
                throw .unevenSpacing(first: a, second: b, stepMm: step, spacingMm: spacing)
            }
        }
        let dz = (distance[order.last!] - distance[order[0]]) / Double(order.count - 1)
        return Result(order: order,
                      geometry: VolumeGeometry(spacing: [pixelSpacing.y, pixelSpacing.x, dz],
                                               origin: slices[order[0]].geometry.position!, direction: direction),
                      notes: notes)
    }

    private static func zSpacing(_ fallback: Double?, file: String, notes: inout [String]) throws(ScanLoadError)
        -> Double
    {
        if let f = fallback {
            guard f > 0, f.isFinite else { throw .missingTag(path: file, tag: "SliceThickness (not positive)") }
            notes.append("z spacing \(f) mm from SliceThickness or SpacingBetweenSlices (positions cannot give it)")
            return f
        }
        notes.append("z spacing 1 mm assumed (no positions, SpacingBetweenSlices or SliceThickness)")
        return 1
    }

    private static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
