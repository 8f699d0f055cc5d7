import Foundation
import ScanIO

/// 8-bit grayscale pixels as a PNG (the project's libpng writer) in a `data:` URI for an SVG `<image>`.
enum EmbeddedPNG {
    static let prefix = "data:image/png;base64,"

    static func dataURI(gray8 pixels: [UInt8], width: Int, height: Int) throws(PNGEncodeError) -> String {
        let bytes = try PNGFile.encode(gray8: pixels, width: width, height: height)
        return prefix + Data(bytes).base64EncodedString()
    }
}
