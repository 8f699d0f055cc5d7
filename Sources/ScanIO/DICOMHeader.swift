/// The tags of one DICOM file that the loader needs, read before the pixel data.
public struct DICOMHeader: Sendable, Equatable {
    public var path: String
    public var seriesUID: String
    public var sopInstanceUID: String
    public var sopClassUID: String
    /// MediaStorageSOPClassUID of the file meta group (identifies a DICOMDIR).
    public var mediaSOPClassUID: String
    public var frameOfReferenceUID: String
    public var transferSyntaxUID: String
    public var transferSyntaxName: String
    public var studyDate: String
    public var modality: String
    public var seriesDescription: String
    public var photometric: String
    /// Patient name, ID and birth date as the file holds them (kept in memory; stored only on request).
    public var patient: PatientIdentifiers
    /// 0 when absent (a file without an image).
    public var rows: Int
    public var columns: Int
    public var frames: Int
    public var samplesPerPixel: Int
    public var bitsAllocated: Int
    public var bitsStored: Int
    public var pixelRepresentation: Int
    public var instanceNumber: Int?
    public var sliceThickness: Double?
    public var spacingBetweenSlices: Double?
    /// One entry per frame (one for a single-frame file).
    public var frameGeometry: [FrameGeometry]
    /// File offset of the pixel values when they are native little-endian and read as they are, with no
    /// codec (checked by the bridge's header pass; `ISG_INT_PIXEL_DATA_OFFSET`); nil otherwise.
    public var nativePixelOffset: Int?
    /// Whether the bridge read the header from the file's bytes itself, without GDCM (a plain file).
    public var readDirectly: Bool

    /// MediaStorageSOPClassUID of a DICOMDIR (Media Storage Directory Storage).
    public static let directorySOPClass = "1.2.840.10008.1.3.10"

    /// Whether the file holds an image at all (DICOMDIRs, reports and presentation states do not).
    public var isImage: Bool {
        rows > 0 && columns > 0 && mediaSOPClassUID != Self.directorySOPClass
    }

    public init(path: String, seriesUID: String = "", sopInstanceUID: String = "", sopClassUID: String = "",
                mediaSOPClassUID: String = "", frameOfReferenceUID: String = "", transferSyntaxUID: String = "",
                transferSyntaxName: String = "", studyDate: String = "", modality: String = "",
                seriesDescription: String = "", photometric: String = "MONOCHROME2",
                patient: PatientIdentifiers = PatientIdentifiers(), rows: Int, columns: Int,
                frames: Int = 1, samplesPerPixel: Int = 1, bitsAllocated: Int = 16, bitsStored: Int = 16,
                pixelRepresentation: Int = 1, instanceNumber: Int? = nil, sliceThickness: Double? = nil,
                spacingBetweenSlices: Double? = nil, frameGeometry: [FrameGeometry], nativePixelOffset: Int? = nil,
                readDirectly: Bool = false) {
        self.path = path
        self.seriesUID = seriesUID
        self.sopInstanceUID = sopInstanceUID
        self.sopClassUID = sopClassUID
        self.mediaSOPClassUID = mediaSOPClassUID
        self.frameOfReferenceUID = frameOfReferenceUID
        self.transferSyntaxUID = transferSyntaxUID
        self.transferSyntaxName = transferSyntaxName
        self.studyDate = studyDate
        self.modality = modality
        self.seriesDescription = seriesDescription
        self.photometric = photometric
        self.patient = patient
        self.rows = rows
        self.columns = columns
        self.frames = frames
        self.samplesPerPixel = samplesPerPixel
        self.bitsAllocated = bitsAllocated
        self.bitsStored = bitsStored
        self.pixelRepresentation = pixelRepresentation
        self.instanceNumber = instanceNumber
        self.sliceThickness = sliceThickness
        self.spacingBetweenSlices = spacingBetweenSlices
        self.frameGeometry = frameGeometry
        self.nativePixelOffset = nativePixelOffset
        self.readDirectly = readDirectly
    }
}
