/// Shape of the peri-implant defect (Schwarz 2007; Monje 2019).
public struct DefectMeasurement: Codable, Sendable, Equatable {
    /// "none", "Ia" … "Ie" (intrabony), "II" (supracrestal/horizontal).
    public var schwarzClass: String
    /// "none", "Ia"/"Ib"/"Ic" (infraosseous), "II" (horizontal), "IIIa"/"IIIb"/"IIIc" (combined).
    public var monjeClass: String
    /// "none", "slight" (< 25 % of implant length), "moderate" (25–50 %), "advanced" (> 50 %).
    public var monjeSeverity: String
    /// Vertical depth of the defect below the surrounding crest.
    public var depthMm: Double
    /// Horizontal width from the implant surface.
    public var widthMm: Double

    public init(schwarzClass: String, monjeClass: String, monjeSeverity: String, depthMm: Double, widthMm: Double) {
        self.schwarzClass = schwarzClass
        self.monjeClass = monjeClass
        self.monjeSeverity = monjeSeverity
        self.depthMm = depthMm
        self.widthMm = widthMm
    }
}
