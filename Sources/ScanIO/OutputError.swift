/// Why an output file could not be written. Nothing is left at the output's name when it is thrown.
public enum OutputError: Error, Equatable, CustomStringConvertible, Sendable {
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .writeFailed(p, r): return "\(p): cannot write (\(r))"
        }
    }
}
