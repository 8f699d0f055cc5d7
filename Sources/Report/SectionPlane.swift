import VolumeCore

/// A rectangle of pixels on a plane through the volume, in mm: `corner` is the LPS point at the image's
/// top-left edge, `right` and `down` unit vectors along its rows and columns, `pixelMm` the pixel size.
/// Pixel (column c, row r) is the square whose centre is corner + right·(c + ½)·pixelMm + down·(r + ½)·pixelMm.
public struct SectionPlane: Sendable, Equatable {
    public var corner: SIMD3<Double>
    public var right: SIMD3<Double>
    public var down: SIMD3<Double>
    public var pixelMm: Double
    public var width: Int
    public var height: Int

    public init(corner: SIMD3<Double>, right: SIMD3<Double>, down: SIMD3<Double>, pixelMm: Double, width: Int, height: Int) {
        precondition(width > 0 && height > 0 && pixelMm > 0, "a section has pixels of a positive size")
        self.corner = corner
        self.right = right
        self.down = down
        self.pixelMm = pixelMm
        self.width = width
        self.height = height
    }

    /// A plane centred on `center` (mm offsets `u` right, `v` down from it), `widthMm` × `heightMm` large,
    /// spanning u ∈ `uRange`, v ∈ `vRange` around `center`.
    public init(center: SIMD3<Double>, right: SIMD3<Double>, down: SIMD3<Double>, uRange: ClosedRange<Double>,
                vRange: ClosedRange<Double>, pixelMm: Double) {
        let r = right / length(right), d = down / length(down)
        self.init(corner: center + r * uRange.lowerBound + d * vRange.lowerBound, right: r, down: d, pixelMm: pixelMm,
                  width: max(1, Int(((uRange.upperBound - uRange.lowerBound) / pixelMm).rounded())),
                  height: max(1, Int(((vRange.upperBound - vRange.lowerBound) / pixelMm).rounded())))
    }

    /// The LPS point at a position on the plane, in pixel units from the top-left edge.
    public func point(column: Double, row: Double) -> SIMD3<Double> {
        corner + right * (column * pixelMm) + down * (row * pixelMm)
    }

    public var widthMm: Double { Double(width) * pixelMm }
    public var heightMm: Double { Double(height) * pixelMm }
}
