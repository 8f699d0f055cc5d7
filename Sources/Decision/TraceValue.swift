/// An input value in a trace: a number, a yes/no, a text, or missing (JSON null).
public enum TraceValue: Codable, Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case flag(Bool)
    case text(String)
    case missing

    public init(_ v: Double?) { self = v.map { .number($0) } ?? .missing }
    public init(_ v: Bool?) { self = v.map { .flag($0) } ?? .missing }
    public init(_ v: String?) { self = v.map { .text($0) } ?? .missing }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .missing }
        else if let b = try? c.decode(Bool.self) { self = .flag(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else { self = .text(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let d): try c.encode(d)
        case .flag(let b): try c.encode(b)
        case .text(let s): try c.encode(s)
        case .missing: try c.encodeNil()
        }
    }

    public var description: String {
        switch self {
        case .number(let d): return d == d.rounded() && abs(d) < 1e9 ? String(Int(d)) : String((d * 100).rounded() / 100)
        case .flag(let b): return b ? "yes" : "no"
        case .text(let s): return s
        case .missing: return "missing"
        }
    }
}
