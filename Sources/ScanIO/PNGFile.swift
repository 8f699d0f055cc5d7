import CPNGBridge

/// Reading and writing 8- and 16-bit grayscale PNG files through libpng (the `CPNGBridge` shim).
///
/// Reading errors are `ScanLoadError`s naming the file, encoding errors `PNGEncodeError`s and writing
/// errors `OutputError`s. libpng's longjmp never leaves the C shim.
public enum PNGFile {
    /// Room for one of the shim's one-line messages (libpng's longest are well under 100 bytes).
    static let messageCapacity = 256

    /// Reads the header of the PNG at `path`. Any colour type is reported; `read` decodes only grayscale.
    public static func readHeader(path: String) throws(ScanLoadError) -> PNGHeader {
        var raw = png_bridge_header()
        let (status, message) = callShim { png_bridge_read_header(path, &raw, $0, $1) }
        try check(status, message, path: path)
        guard let colorType = PNGHeader.ColorType(rawValue: Int(raw.color_type)) else {
            throw .invalidPNG(path: path, reason: "unknown color type \(raw.color_type)")
        }
        return PNGHeader(width: Int(raw.width), height: Int(raw.height), bitDepth: Int(raw.bit_depth),
                         colorType: colorType, interlaced: raw.interlaced != 0)
    }

    /// Decodes the grayscale PNG at `path` into `pixels`, which must hold exactly width × height values
    /// (x fastest). 16-bit samples keep their value; 8-bit ones are widened; 1-, 2- and 4-bit ones are
    /// scaled to 0…255. Colour images are refused (`unsupportedPixels`), a buffer of another size gives
    /// `decodeFailed`, and a damaged file (bad CRC, truncated, corrupt data) gives `invalidPNG`.
    public static func read(path: String, into pixels: UnsafeMutableBufferPointer<UInt16>) throws(ScanLoadError) {
        guard let base = pixels.baseAddress, !pixels.isEmpty else {
            throw .decodeFailed(path: path, reason: "the pixel buffer is empty")
        }
        let (status, message) = callShim { png_bridge_read_gray(path, base, pixels.count, $0, $1) }
        try check(status, message, path: path)
    }

    /// Encodes width × height 8-bit samples (x fastest) as a grayscale PNG.
    public static func encode(gray8 pixels: UnsafeBufferPointer<UInt8>, width: Int,
                              height: Int) throws(PNGEncodeError) -> [UInt8] {
        try encode(UnsafeRawBufferPointer(pixels), count: pixels.count, width: width, height: height, bitDepth: 8)
    }

    /// Encodes width × height 8-bit samples (x fastest) as a grayscale PNG.
    public static func encode(gray8 pixels: [UInt8], width: Int, height: Int) throws(PNGEncodeError) -> [UInt8] {
        try pixels.withUnsafeBufferPointer { (buffer) throws(PNGEncodeError) in
            try encode(gray8: buffer, width: width, height: height)
        }
    }

    /// Encodes width × height 16-bit samples (x fastest) as a 16-bit grayscale PNG.
    public static func encode(gray16 pixels: UnsafeBufferPointer<UInt16>, width: Int,
                              height: Int) throws(PNGEncodeError) -> [UInt8] {
        try encode(UnsafeRawBufferPointer(pixels), count: pixels.count, width: width, height: height, bitDepth: 16)
    }

    /// Encodes width × height 16-bit samples (x fastest) as a 16-bit grayscale PNG.
    public static func encode(gray16 pixels: [UInt16], width: Int, height: Int) throws(PNGEncodeError) -> [UInt8] {
        try pixels.withUnsafeBufferPointer { (buffer) throws(PNGEncodeError) in
            try encode(gray16: buffer, width: width, height: height)
        }
    }

    /// Writes encoded bytes to `path` atomically (`AtomicFile`: a temporary name in the same folder,
    /// flushed, then renamed over `path`). On failure nothing is left at either name.
    public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
        try AtomicFile.write(bytes, to: path)
    }

    private static func encode(_ pixels: UnsafeRawBufferPointer, count: Int, width: Int, height: Int,
                               bitDepth: Int32) throws(PNGEncodeError) -> [UInt8] {
        guard width > 0, height > 0, width <= UInt32.max, height <= UInt32.max else {
            throw .encodeFailed(reason: "image is \(width) × \(height) pixels")
        }
        let (expected, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, expected == count, let base = pixels.baseAddress else {
            throw .encodeFailed(reason: "the buffer holds \(count) samples where \(width) × \(height) are needed")
        }
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let (status, message) = callShim {
            png_bridge_encode_gray(base, UInt32(width), UInt32(height), bitDepth, &output, &length, $0, $1)
        }
        defer { png_bridge_free(output) }
        guard Int(status) == PNG_BRIDGE_OK, let output else { throw .encodeFailed(reason: message) }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }

    /// Calls the shim with a message buffer; returns its status and (on failure) its message.
    private static func callShim(_ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> (Int32, String) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: messageCapacity) { buffer in
            buffer.initialize(repeating: 0)
            guard let base = buffer.baseAddress else { return (Int32(PNG_BRIDGE_ERROR_MEMORY), "no message buffer") }
            let status = body(base, buffer.count)
            base[buffer.count - 1] = 0
            return (status, Int(status) == PNG_BRIDGE_OK ? "" : String(cString: base))
        }
    }

    /// Turns a shim status into the matching `ScanLoadError`.
    private static func check(_ status: Int32, _ message: String, path: String) throws(ScanLoadError) {
        switch Int(status) {
        case PNG_BRIDGE_OK: return
        case PNG_BRIDGE_ERROR_IO: throw .unreadable(path: path, reason: message)
        case PNG_BRIDGE_ERROR_INVALID: throw .invalidPNG(path: path, reason: message)
        case PNG_BRIDGE_ERROR_UNSUPPORTED: throw .unsupportedPixels(path: path, reason: message)
        default: throw .decodeFailed(path: path, reason: message)
        }
    }
}
