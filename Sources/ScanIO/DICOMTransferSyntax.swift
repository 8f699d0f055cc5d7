/// The transfer syntaxes `DICOMWriter` writes: two native ones and four lossless compressions
/// (lossless only, so a phantom's stored values stay its ground truth).
///
/// Raw values are the names used on the command line.
public enum DICOMTransferSyntax: String, CaseIterable, Sendable {
    /// Explicit VR Little Endian.
    case explicit
    /// Implicit VR Little Endian.
    case implicit
    /// JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1).
    case jpegLossless = "jpeg-lossless"
    /// JPEG-LS Lossless.
    case jpegLS = "jpegls"
    /// JPEG 2000 Lossless Only.
    case j2k
    /// RLE Lossless.
    case rle

    /// The Transfer Syntax UID (PS3.6 Table A-1).
    public var uid: String {
        switch self {
        case .explicit: return "1.2.840.10008.1.2.1"
        case .implicit: return "1.2.840.10008.1.2"
        case .jpegLossless: return "1.2.840.10008.1.2.4.70"
        case .jpegLS: return "1.2.840.10008.1.2.4.80"
        case .j2k: return "1.2.840.10008.1.2.4.90"
        case .rle: return "1.2.840.10008.1.2.5"
        }
    }

    /// The UID's name in PS3.6 Table A-1, as GDCM reports it (and so as `ScanInfo.transferSyntaxes`
    /// lists it for files read back).
    public var name: String {
        switch self {
        case .explicit: return "Explicit VR Little Endian"
        case .implicit: return "Implicit VR Little Endian: Default Transfer Syntax for DICOM"
        case .jpegLossless:
            return "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1]): "
                + "Default Transfer Syntax for Lossless JPEG Image Compression"
        case .jpegLS: return "JPEG-LS Lossless Image Compression"
        case .j2k: return "JPEG 2000 Image Compression (Lossless Only)"
        case .rle: return "RLE Lossless"
        }
    }
}
