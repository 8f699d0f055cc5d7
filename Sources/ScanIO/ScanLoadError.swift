/// Why a scan could not be loaded. Every case names the file (or folder) at fault, and its
/// description is one line: `<path>: <problem>`.
public enum ScanLoadError: Error, Equatable, CustomStringConvertible, Sendable {
    case notFound(path: String)
    case unreadable(path: String, reason: String)
    case emptyFolder(path: String)
    /// No file in the folder is a DICOM or PNG image.
    case noImages(path: String, ignored: Int)
    /// The file claims to be DICOM (name or magic) but GDCM cannot parse it.
    case notDICOM(path: String, reason: String)
    /// Header parsed, pixel data could not be decoded.
    case decodeFailed(path: String, reason: String)
    /// The pixels are of a kind a CBCT volume cannot be (colour, palette, 1- or 32-bit …).
    case unsupportedPixels(path: String, reason: String)
    /// A tag the geometry needs is missing or malformed.
    case missingTag(path: String, tag: String)
    case invalidPNG(path: String, reason: String)
    case invalidSidecar(path: String, reason: String)
    /// A PNG stack with neither a sidecar nor `--spacing`.
    case missingGeometry(path: String)
    case seriesNotFound(path: String, uid: String, available: [String])
    // Series assembly refusals (each names two neighbouring files where that applies).
    case mixedOrientation(first: String, second: String)
    case mixedFrameOfReference(first: String, second: String)
    case gantryTilt(first: String, second: String, shearMm: Double)
    case duplicatePosition(first: String, second: String, positionMm: Double)
    case missingSlice(first: String, second: String, gapMm: Double, spacingMm: Double)
    case unevenSpacing(first: String, second: String, stepMm: Double, spacingMm: Double)
    case mixedSizes(first: String, second: String, detail: String)
    /// Rows × Columns × slices beyond the allowed voxel count, refused before allocating.
    case tooLarge(path: String, voxels: Int, limit: Int)

    public var description: String {
        switch self {
        case let .notFound(p): return "\(p): no such file or folder"
        case let .unreadable(p, r): return "\(p): cannot be read (\(r))"
        case let .emptyFolder(p): return "\(p): the folder holds no files"
        case let .noImages(p, n): return "\(p): no DICOM or PNG image found (\(n) other file(s) ignored)"
        case let .notDICOM(p, r): return "\(p): not a readable DICOM file (\(r))"
        case let .decodeFailed(p, r): return "\(p): pixel data cannot be decoded (\(r))"
        case let .unsupportedPixels(p, r): return "\(p): unsupported pixel data: \(r)"
        case let .missingTag(p, t): return "\(p): missing or malformed \(t)"
        case let .invalidPNG(p, r): return "\(p): not a readable PNG (\(r))"
        case let .invalidSidecar(p, r): return "\(p): invalid geometry sidecar (\(r))"
        case let .missingGeometry(p):
            return "\(p): PNG stack has no geometry: add \(GeometrySidecar.fileName) or pass --spacing X,Y,Z"
        case let .seriesNotFound(p, uid, available):
            return "\(p): no series \(uid) (found: \(available.joined(separator: ", ")))"
        case let .mixedOrientation(a, b):
            return "\(a), \(b): slices have different orientations (mixed stacks or gantry tilt)"
        case let .mixedFrameOfReference(a, b):
            return "\(a), \(b): slices belong to different frames of reference"
        case let .gantryTilt(a, b, s):
            return "\(a), \(b): gantry tilt: slice positions shift \(mm(s)) mm across the slice plane"
        case let .duplicatePosition(a, b, d):
            return "\(a), \(b): two slices at the same position (\(mm(d)) mm along the normal)"
        case let .missingSlice(a, b, g, s):
            return "\(a), \(b): missing slice(s): gap of \(mm(g)) mm where the spacing is \(mm(s)) mm"
        case let .unevenSpacing(a, b, st, s):
            return "\(a), \(b): uneven slice spacing: step of \(mm(st)) mm where the spacing is \(mm(s)) mm"
        case let .mixedSizes(a, b, d): return "\(a), \(b): slices differ in size (\(d))"
        case let .tooLarge(p, v, l): return "\(p): \(v) voxels exceed the limit of \(l) (--max-voxels)"
        }
    }
}

private func mm(_ v: Double) -> String {
    let r = (v * 10_000).rounded() / 10_000
    return r == r.rounded() ? String(Int(r)) : String(r)
}
