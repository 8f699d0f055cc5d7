import Foundation
import ScanIO

/// Just enough of SVG to read a figure back: elements with their attributes, numbers, embedded PNGs.
enum SVGReader {
    /// Every `<name …>` element's attributes, in document order.
    static func elements(_ name: String, in svg: String) -> [[String: String]] {
        let tag = try! Regex("<\(name)\\s([^>]*)>")
        let attribute = try! Regex("([A-Za-z_:][-A-Za-z0-9_:.]*)=\"([^\"]*)\"")
        return svg.matches(of: tag).map { match in
            let body = String(match.output[1].substring!)
            var attrs: [String: String] = [:]
            for a in body.matches(of: attribute) {
                attrs[String(a.output[1].substring!)] = String(a.output[2].substring!)
            }
            return attrs
        }
    }

    static func elements(_ name: String, class cls: String, in svg: String) -> [[String: String]] {
        elements(name, in: svg).filter { ($0["class"] ?? "").split(separator: " ").contains { $0 == cls } }
    }

    static func number(_ attrs: [String: String], _ key: String) -> Double { Double(attrs[key] ?? "") ?? .nan }

    static func points(_ attrs: [String: String]) -> [(x: Double, y: Double)] {
        (attrs["points"] ?? "").split(separator: " ").map { pair in
            let p = pair.split(separator: ",").map { Double($0)! }
            return (p[0], p[1])
        }
    }

    /// px per mm from the figure's scale bar: the bar's length over the mm it states.
    static func pxPerMm(_ svg: String) -> Double {
        let group = elements("g", class: "scale-bar", in: svg)[0]
        let mm = number(group, "data-mm")
        let bar = elements("line", class: "bar", in: svg)[0]
        let len = hypot(number(bar, "x2") - number(bar, "x1"), number(bar, "y2") - number(bar, "y1"))
        return len / mm
    }

    /// An embedded PNG decoded with the project's reader: (width, height, samples).
    static func png(_ image: [String: String]) throws -> (width: Int, height: Int, pixels: [UInt16]) {
        let uri = image["href"] ?? ""
        let prefix = "data:image/png;base64,"
        guard uri.hasPrefix(prefix), let data = Data(base64Encoded: String(uri.dropFirst(prefix.count))) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-test-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try data.write(to: URL(fileURLWithPath: path))
        let header = try PNGFile.readHeader(path: path)
        var pixels = [UInt16](repeating: 0, count: header.width * header.height)
        try pixels.withUnsafeMutableBufferPointer { try PNGFile.read(path: path, into: $0) }
        return (header.width, header.height, pixels)
    }
}
