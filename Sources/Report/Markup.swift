import Foundation

/// Text for SVG and HTML: escaping and numbers written the same way on every machine.
enum Markup {
    /// Escapes text for element content and double-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate or value with at most `decimals` decimals, "." as the separator, no "-0".
    static func number(_ v: Double, decimals: Int = 2) -> String {
        guard v.isFinite else { return "0" }
        let s = String(format: "%.\(decimals)f", v)
        let trimmed = decimals > 0 && s.contains(".")
            ? String(s.reversed().drop { $0 == "0" }.drop { $0 == "." }.reversed()) : s
        return trimmed == "-0" || trimmed.isEmpty ? "0" : trimmed
    }

    /// A length for a label: one decimal, e.g. "4.1 mm".
    static func mm(_ v: Double) -> String { String(format: "%.1f mm", v) }
}
