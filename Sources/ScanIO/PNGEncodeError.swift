/// Why pixels could not be encoded as a PNG. Its description is one line.
public enum PNGEncodeError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The sizes do not match the buffer, or libpng refused the image (e.g. wider than its limit).
    case encodeFailed(reason: String)

    public var description: String {
        switch self {
        case let .encodeFailed(r): return "cannot encode PNG: \(r)"
        }
    }
}
