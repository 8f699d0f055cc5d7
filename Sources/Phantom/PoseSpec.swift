/// Head position in the scanner: the anatomy is rotated about x, then y, then z (degrees, about the
/// anatomical origin), then shifted (mm).
public struct PoseSpec: Codable, Sendable, Equatable {
    public var rotationDeg: [Double]
    public var shiftMm: [Double]

    public init(rotationDeg: [Double] = [0, 0, 0], shiftMm: [Double] = [0, 0, 0]) {
        self.rotationDeg = rotationDeg
        self.shiftMm = shiftMm
    }
}
