/// The scan part of the truth: grid and gray-value mapping.
public struct TruthScan: Codable, Sendable, Equatable {
    public var size: [Int]
    public var spacingMm: [Double]
    public var originMm: [Double]
    public var direction: [Double]
    /// gray = HU × grayScale + grayOffset (1 and 0 for a calibrated scan).
    public var grayScale: Double
    public var grayOffset: Double
    public var bitsStored: Int
    public var rescaleIntercept: Double
    /// Voxels saturated at the ends of the stored range.
    public var saturatedVoxels: Int

    public init(size: [Int], spacingMm: [Double], originMm: [Double], direction: [Double], grayScale: Double,
                grayOffset: Double, bitsStored: Int, rescaleIntercept: Double, saturatedVoxels: Int) {
        self.size = size
        self.spacingMm = spacingMm
        self.originMm = originMm
        self.direction = direction
        self.grayScale = grayScale
        self.grayOffset = grayOffset
        self.bitsStored = bitsStored
        self.rescaleIntercept = rescaleIntercept
        self.saturatedVoxels = saturatedVoxels
    }
}
