/// An SVG image built element by element: raster pixels embedded as PNG data URIs, annotations as
/// vectors, text as `<text>` in a generic font family (no font files, sharp at any zoom and in print).
///
/// `idPrefix` starts every id the document defines, so that several figures inline in one HTML page
/// never share an id.
struct SVGDocument {
    let width: Double
    let height: Double
    let idPrefix: String
    /// Extra attributes of the root element (e.g. `data-` values a reader or test can use).
    var rootAttributes: [(String, String)] = []
    private var defs: [String] = []
    private var body: [String] = []

    static let fontFamily = "sans-serif"

    init(width: Double, height: Double, idPrefix: String) {
        self.width = width
        self.height = height
        self.idPrefix = idPrefix
    }

    func id(_ name: String) -> String { idPrefix + name }

    mutating func add(_ element: String) { body.append(element) }
    mutating func addDefinition(_ element: String) { defs.append(element) }

    /// `<name a="v" …>content</name>`, or self-closing without content. Values are escaped.
    static func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) -> String {
        let attrs = attributes.map { " \($0.0)=\"\(Markup.escape($0.1))\"" }.joined()
        guard let content else { return "<\(name)\(attrs)/>" }
        return "<\(name)\(attrs)>\(content)</\(name)>"
    }

    static func n(_ v: Double) -> String { Markup.number(v) }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
                       extra: [(String, String)] = []) {
        var a: [(String, String)] = [("x", Self.n(x)), ("y", Self.n(y)), ("width", Self.n(width)), ("height", Self.n(height)),
                                     ("fill", fill)]
        if let stroke { a.append(("stroke", stroke)) }
        add(Self.element("rect", a + extra))
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
                       dash: String? = nil, extra: [(String, String)] = []) {
        var a: [(String, String)] = [("x1", Self.n(x1)), ("y1", Self.n(y1)), ("x2", Self.n(x2)), ("y2", Self.n(y2)),
                                     ("stroke", stroke), ("stroke-width", Self.n(width))]
        if let dash { a.append(("stroke-dasharray", dash)) }
        add(Self.element("line", a + extra))
    }

    static func points(_ p: [(Double, Double)]) -> String { p.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ") }

    mutating func polyline(_ p: [(Double, Double)], stroke: String, width: Double = 1, dash: String? = nil,
                           extra: [(String, String)] = []) {
        var a: [(String, String)] = [("points", Self.points(p)), ("fill", "none"), ("stroke", stroke),
                                     ("stroke-width", Self.n(width)), ("stroke-linejoin", "round")]
        if let dash { a.append(("stroke-dasharray", dash)) }
        add(Self.element("polyline", a + extra))
    }

    mutating func polygon(_ p: [(Double, Double)], fill: String, opacity: Double = 1, extra: [(String, String)] = []) {
        add(Self.element("polygon", [("points", Self.points(p)), ("fill", fill), ("fill-opacity", Self.n(opacity))] + extra))
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, width: Double = 1,
                         dash: String? = nil, extra: [(String, String)] = []) {
        var a: [(String, String)] = [("cx", Self.n(cx)), ("cy", Self.n(cy)), ("r", Self.n(r)), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", Self.n(width))] }
        if let dash { a.append(("stroke-dasharray", dash)) }
        add(Self.element("circle", a + extra))
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ string: String, x: Double, y: Double, size: Double = FigureStyle.fontSize, anchor: Anchor = .start,
                       fill: String = FigureStyle.text, bold: Bool = false, halo: Bool = false, extra: [(String, String)] = []) {
        var a: [(String, String)] = [("x", Self.n(x)), ("y", Self.n(y)), ("font-family", Self.fontFamily),
                                     ("font-size", Self.n(size)), ("text-anchor", anchor.rawValue), ("fill", fill)]
        if bold { a.append(("font-weight", "bold")) }
        // A dark outline behind light text keeps labels readable over the scan.
        if halo { a += [("stroke", FigureStyle.halo), ("stroke-width", "3"), ("paint-order", "stroke"), ("stroke-linejoin", "round")] }
        add(Self.element("text", a + extra, content: Markup.escape(string)))
    }

    /// Raster pixels stretched over a rectangle, drawn as pixels (no smoothing between samples).
    mutating func image(dataURI: String, x: Double, y: Double, width: Double, height: Double, clipPath: String? = nil,
                        extra: [(String, String)] = []) {
        var a: [(String, String)] = [("x", Self.n(x)), ("y", Self.n(y)), ("width", Self.n(width)), ("height", Self.n(height)),
                                     ("preserveAspectRatio", "none"), ("style", "image-rendering:pixelated"), ("href", dataURI)]
        if let clipPath { a.append(("clip-path", "url(#\(clipPath))")) }
        add(Self.element("image", a + extra))
    }

    /// A horizontal or vertical bar `mm` long with end ticks and its label.
    mutating func scaleBar(x: Double, y: Double, mm: Double, pxPerMm: Double, vertical: Bool = false) {
        let len = mm * pxPerMm, tick = 4.0
        var parts: [String] = []
        func l(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ cls: String) -> String {
            Self.element("line", [("class", cls), ("x1", Self.n(x1)), ("y1", Self.n(y1)), ("x2", Self.n(x2)), ("y2", Self.n(y2)),
                                  ("stroke", FigureStyle.text), ("stroke-width", "2")])
        }
        let label = "\(Markup.number(mm, decimals: 1)) mm"
        if vertical {
            parts += [l(x, y, x, y + len, "bar"), l(x - tick, y, x + tick, y, "tick"), l(x - tick, y + len, x + tick, y + len, "tick")]
            parts.append(Self.element("text", [("x", Self.n(x + 8)), ("y", Self.n(y + len / 2 + 4)), ("font-family", Self.fontFamily),
                                               ("font-size", Self.n(FigureStyle.fontSize)), ("fill", FigureStyle.text)],
                                      content: label))
        } else {
            parts += [l(x, y, x + len, y, "bar"), l(x, y - tick, x, y + tick, "tick"), l(x + len, y - tick, x + len, y + tick, "tick")]
            parts.append(Self.element("text", [("x", Self.n(x + len / 2)), ("y", Self.n(y - 8)), ("font-family", Self.fontFamily),
                                               ("font-size", Self.n(FigureStyle.fontSize)), ("text-anchor", "middle"),
                                               ("fill", FigureStyle.text)], content: label))
        }
        add(Self.element("g", [("id", id("scale-bar")), ("class", "scale-bar"), ("data-mm", Self.n(mm)),
                               ("data-orientation", vertical ? "vertical" : "horizontal")], content: parts.joined()))
    }

    /// Legend entries from (x, y) downwards: a swatch (filled box, line or dashed line) and a label.
    mutating func legend(x: Double, y: Double, entries: [LegendEntry], title: String? = nil) {
        var parts: [String] = []
        var row = y
        if let title {
            parts.append(Self.element("text", [("x", Self.n(x)), ("y", Self.n(row + 4)), ("font-family", Self.fontFamily),
                                               ("font-size", Self.n(FigureStyle.fontSize)), ("font-weight", "bold"),
                                               ("fill", FigureStyle.text)], content: Markup.escape(title)))
            row += FigureStyle.legendRow
        }
        for e in entries {
            switch e.swatch {
            case .box(let fill, let opacity):
                parts.append(Self.element("rect", [("x", Self.n(x)), ("y", Self.n(row - 6)), ("width", "14"), ("height", "12"),
                                                   ("fill", fill), ("fill-opacity", Self.n(opacity)), ("stroke", FigureStyle.text),
                                                   ("stroke-width", "0.5"), ("class", "swatch")]))
            case .line(let stroke, let dash):
                var a: [(String, String)] = [("x1", Self.n(x)), ("y1", Self.n(row)), ("x2", Self.n(x + 14)), ("y2", Self.n(row)),
                                             ("stroke", stroke), ("stroke-width", "2.5"), ("class", "swatch")]
                if let dash { a.append(("stroke-dasharray", dash)) }
                parts.append(Self.element("line", a))
            case .dot(let fill):
                parts.append(Self.element("circle", [("cx", Self.n(x + 7)), ("cy", Self.n(row)), ("r", "4"), ("fill", fill),
                                                     ("stroke", FigureStyle.text), ("stroke-width", "0.5"), ("class", "swatch")]))
            }
            parts.append(Self.element("text", [("x", Self.n(x + 20)), ("y", Self.n(row + 4)), ("font-family", Self.fontFamily),
                                               ("font-size", Self.n(FigureStyle.fontSize)), ("fill", FigureStyle.text)],
                                      content: Markup.escape(e.label)))
            row += FigureStyle.legendRow
        }
        add(Self.element("g", [("class", "legend")], content: parts.joined()))
    }

    /// The finished document (no XML declaration: the same text works as a file and inline in HTML).
    func render(title: String) -> String {
        let root: [(String, String)] = [("xmlns", "http://www.w3.org/2000/svg"), ("width", Self.n(width)), ("height", Self.n(height)),
                                        ("viewBox", "0 0 \(Self.n(width)) \(Self.n(height))"), ("role", "img")] + rootAttributes
        let attrs = root.map { " \($0.0)=\"\(Markup.escape($0.1))\"" }.joined()
        var lines = ["<svg\(attrs)>", "<title>\(Markup.escape(title))</title>"]
        if !defs.isEmpty { lines.append("<defs>" + defs.joined() + "</defs>") }
        lines.append(Self.element("rect", [("width", "100%"), ("height", "100%"), ("fill", FigureStyle.background)]))
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n")
    }
}
