/// What a PNG file's header (IHDR) says about its image.
public struct PNGHeader: Sendable, Equatable {
    /// PNG colour types, numbered as in the PNG specification (IHDR byte 9).
    public enum ColorType: Int, Sendable, Equatable {
        case gray = 0
        case rgb = 2
        case palette = 3
        case grayAlpha = 4
        case rgba = 6

        /// A short name for messages: "grayscale", "RGB", "palette", "gray+alpha", "RGBA".
        public var name: String {
            switch self {
            case .gray: return "grayscale"
            case .rgb: return "RGB"
            case .palette: return "palette"
            case .grayAlpha: return "gray+alpha"
            case .rgba: return "RGBA"
            }
        }
    }

    public var width: Int
    public var height: Int
    /// Bits per sample as stored: 1, 2, 4, 8 or 16.
    public var bitDepth: Int
    public var colorType: ColorType
    /// Whether the image is Adam7-interlaced.
    public var interlaced: Bool

    public init(width: Int, height: Int, bitDepth: Int, colorType: ColorType, interlaced: Bool) {
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.colorType = colorType
        self.interlaced = interlaced
    }

    /// Pixels in the image.
    public var pixelCount: Int { width * height }

    /// Whether `PNGFile.read` can decode the image: grayscale of any bit depth (1, 2 and 4 bits are
    /// scaled to 8).
    public var isGrayscale: Bool { colorType == .gray }

    /// Bits per sample after decoding: 16 for 16-bit images, 8 for every other grayscale depth.
    public var decodedBitDepth: Int { bitDepth == 16 ? 16 : 8 }

    /// Why `PNGFile.read` refuses the image, or nil when it can decode it.
    public var unsupportedReason: String? {
        isGrayscale ? nil : "color type \(colorType.name), \(bitDepth)-bit; only grayscale images are supported"
    }
}
