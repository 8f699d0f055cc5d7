/// Why a batch could not start or record its results.
public enum BatchError: Error, Equatable, CustomStringConvertible, Sendable {
    case outputExists(path: String)
    case unreadableOutput(path: String, reason: String)
    case noScans(root: String)

    public var description: String {
        switch self {
        case let .outputExists(p):
            return "\(p): already holds results; give --resume to continue it, or another --out"
        case let .unreadableOutput(p, r):
            return "\(p): cannot read the results to resume (\(r))"
        case let .noScans(r):
            return "\(r): no scan folders (no folder holds DICOM or PNG slices)"
        }
    }
}
