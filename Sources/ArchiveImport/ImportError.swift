/// Why a results file or the case map could not be imported, as one line naming the file and the line.
public enum ImportError: Error, Equatable, CustomStringConvertible, Sendable {
    case unreadable(path: String, reason: String)
    /// A line of a results file that is not a whole batch record: the file is refused, nothing of it written.
    case malformedLine(path: String, line: Int, reason: String)
    case badCaseMap(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(p, r): return "\(p): cannot read it (\(r))"
        case let .malformedLine(p, n, r): return "\(p):\(n): \(r)"
        case let .badCaseMap(p, n, r): return n > 0 ? "\(p):\(n): \(r)" : "\(p): \(r)"
        }
    }
}
