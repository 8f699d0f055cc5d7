/// Gray values sampled on a `SectionPlane`, row-major; NaN where the plane leaves the volume.
public struct SampledImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var values: [Double]

    public init(width: Int, height: Int, values: [Double]) {
        precondition(values.count == width * height, "a value for every pixel")
        self.width = width
        self.height = height
        self.values = values
    }

    public subscript(column c: Int, row r: Int) -> Double { values[r * width + c] }

    public static func == (a: SampledImage, b: SampledImage) -> Bool {
        a.width == b.width && a.height == b.height
            && zip(a.values, b.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}
