/// One line of a figure's legend.
struct LegendEntry {
    enum Swatch {
        case box(fill: String, opacity: Double)
        case line(stroke: String, dash: String?)
        case dot(fill: String)
    }
    var swatch: Swatch
    var label: String
}
