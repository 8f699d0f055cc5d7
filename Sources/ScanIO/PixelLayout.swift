import Foundation
import CGDCMBridge

/// How decoded pixel values are laid out, as the codec produced them.
public struct PixelLayout: Sendable, Equatable {
    public var bitsAllocated: Int
    public var bitsStored: Int
    public var signed: Bool
    public var samplesPerPixel: Int
    public var rows: Int
    public var columns: Int
    public var frames: Int
    public var photometric: String

    public init(bitsAllocated: Int, bitsStored: Int, signed: Bool, samplesPerPixel: Int = 1,
                rows: Int, columns: Int, frames: Int = 1, photometric: String = "MONOCHROME2") {
        self.bitsAllocated = bitsAllocated
        self.bitsStored = bitsStored
        self.signed = signed
        self.samplesPerPixel = samplesPerPixel
        self.rows = rows
        self.columns = columns
        self.frames = frames
        self.photometric = photometric
    }

    init(_ l: isg_pixel_layout) {
        var pi = l.photometric
        let photometric = withUnsafeBytes(of: &pi) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }.trimmingCharacters(in: .whitespaces)  // GDCM pads the code string to an even length
        self.init(bitsAllocated: Int(l.bits_allocated), bitsStored: Int(l.bits_stored),
                  signed: l.pixel_representation != 0, samplesPerPixel: Int(l.samples_per_pixel),
                  rows: Int(l.rows), columns: Int(l.columns), frames: Int(l.frames), photometric: photometric)
    }

    /// Bytes per stored value.
    public var bytesPerValue: Int { bitsAllocated / 8 }
}
