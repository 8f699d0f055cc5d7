/// Everything `DICOMWriter` writes besides the pixels and their geometry. Every identifier is given
/// here (none is generated and no tag holds the clock), so equal options and volumes give
/// byte-identical files.
public struct DICOMWriteOptions: Sendable, Equatable {
    public var studyUID: String
    public var seriesUID: String
    public var frameOfReferenceUID: String
    /// Root of the SOP Instance UIDs: slice k of a series is "\(root).\(k + 1)"; a multi-frame file is
    /// "\(root).1" and its Dimension Organization UID "\(root).0". Leave room for the suffix within
    /// the 64 characters of a UID.
    public var sopInstanceUIDRoot: String

    public var patientName: String
    public var patientID: String
    /// YYYYMMDD; also written as Content Date. Study Time and Content Time are 000000.
    public var studyDate: String
    public var seriesDescription: String
    public var manufacturer: String

    /// Written as Rescale Slope and Intercept: HU = stored × slope + intercept.
    public var rescaleSlope: Double
    public var rescaleIntercept: Double
    /// Bits Stored (1 … 16; Bits Allocated is 16, High Bit bitsStored − 1). Every stored value must
    /// fit: 0 ..< 2^bitsStored unsigned, −2^(bitsStored−1) ..< 2^(bitsStored−1) signed.
    public var bitsStored: Int
    public var transferSyntax: DICOMTransferSyntax

    public init(studyUID: String, seriesUID: String, frameOfReferenceUID: String, sopInstanceUIDRoot: String,
                patientName: String = "PHANTOM", patientID: String = "PHANTOM", studyDate: String,
                seriesDescription: String = "", manufacturer: String = "ImplantScan",
                rescaleSlope: Double = 1, rescaleIntercept: Double = 0, bitsStored: Int = 16,
                transferSyntax: DICOMTransferSyntax = .explicit) {
        self.studyUID = studyUID
        self.seriesUID = seriesUID
        self.frameOfReferenceUID = frameOfReferenceUID
        self.sopInstanceUIDRoot = sopInstanceUIDRoot
        self.patientName = patientName
        self.patientID = patientID
        self.studyDate = studyDate
        self.seriesDescription = seriesDescription
        self.manufacturer = manufacturer
        self.rescaleSlope = rescaleSlope
        self.rescaleIntercept = rescaleIntercept
        self.bitsStored = bitsStored
        self.transferSyntax = transferSyntax
    }

    /// SOP Instance UID of slice `k` of a series (and, for k = 0, of a multi-frame file).
    public func sopInstanceUID(slice k: Int) -> String { "\(sopInstanceUIDRoot).\(k + 1)" }

    /// Dimension Organization UID of a multi-frame file.
    public var dimensionOrganizationUID: String { "\(sopInstanceUIDRoot).0" }
}
