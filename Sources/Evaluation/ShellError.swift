/// One density shell's mean compared with the truth's, in the scan's gray values.
public struct ShellError: Codable, Sendable, Equatable {
    public var innerMm: Double
    public var outerMm: Double
    public var third: String
    /// The truth's mean HU mapped to gray values (× grayScale + grayOffset).
    public var truthGray: Double
    public var measuredGray: Double
    public var error: Double { measuredGray - truthGray }

    public init(innerMm: Double, outerMm: Double, third: String, truthGray: Double, measuredGray: Double) {
        self.innerMm = innerMm
        self.outerMm = outerMm
        self.third = third
        self.truthGray = truthGray
        self.measuredGray = measuredGray
    }
}
