/// Position, orientation, pixel spacing and rescale of one frame.
public struct FrameGeometry: Sendable, Equatable {
    /// ImagePositionPatient (mm, LPS), when present.
    public var position: SIMD3<Double>?
    /// ImageOrientationPatient: direction of a row (increasing column index) and of a column.
    public var rowDirection: SIMD3<Double>?
    public var columnDirection: SIMD3<Double>?
    /// PixelSpacing: (between rows, between columns) in mm, when present.
    public var pixelSpacing: SIMD2<Double>?
    public var rescaleSlope: Double
    public var rescaleIntercept: Double

    public init(position: SIMD3<Double>? = nil, rowDirection: SIMD3<Double>? = nil,
                columnDirection: SIMD3<Double>? = nil, pixelSpacing: SIMD2<Double>? = nil,
                rescaleSlope: Double = 1, rescaleIntercept: Double = 0) {
        self.position = position
        self.rowDirection = rowDirection
        self.columnDirection = columnDirection
        self.pixelSpacing = pixelSpacing
        self.rescaleSlope = rescaleSlope
        self.rescaleIntercept = rescaleIntercept
    }
}
