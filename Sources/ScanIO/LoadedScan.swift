import VolumeCore

/// A scan assembled into a HU volume, with what was found on the way.
public struct LoadedScan: Sendable {
    public var volume: Volume<Int16>
    public var info: ScanInfo

    public init(volume: Volume<Int16>, info: ScanInfo) {
        self.volume = volume
        self.info = info
    }
}

/// What the loader found and decided, for `info` and for the records.
public struct ScanInfo: Sendable, Codable, Equatable {
    private enum CodingKeys: String, CodingKey {
        case source, format, series, chosenSeriesUID, transferSyntaxes, clampedVoxels, ignoredFiles, studyDate, notes
    }

    public enum Format: String, Sendable, Codable { case dicom, png }

    /// The path the user gave.
    public var source: String
    public var format: Format
    /// Every series found (one entry for a PNG stack).
    public var series: [SeriesSummary]
    /// SeriesInstanceUID of the series in the volume (nil for PNG stacks).
    public var chosenSeriesUID: String?
    /// Transfer syntaxes of the chosen series' files, by name (e.g. "JPEG 2000 Image Compression (Lossless Only)").
    public var transferSyntaxes: [String]
    /// Voxels whose rescaled value fell outside Int16 and were clamped.
    public var clampedVoxels: Int
    /// Files in the folder that are neither DICOM nor PNG images (paths), e.g. DICOMDIR or notes.
    public var ignoredFiles: [String]
    /// DICOM StudyDate (YYYYMMDD) when present.
    public var studyDate: String?
    /// Patient name, ID and birth date of the chosen series' first file (nil for PNG stacks). Not part of
    /// any output; case records store them only with `--keep-identifiers`.
    public var patient: PatientIdentifiers?
    /// Decisions worth telling the user (e.g. how the z spacing of a single slice was chosen).
    public var notes: [String]

    public init(source: String, format: Format, series: [SeriesSummary] = [], chosenSeriesUID: String? = nil,
                transferSyntaxes: [String] = [], clampedVoxels: Int = 0, ignoredFiles: [String] = [],
                studyDate: String? = nil, patient: PatientIdentifiers? = nil, notes: [String] = []) {
        self.source = source
        self.format = format
        self.series = series
        self.chosenSeriesUID = chosenSeriesUID
        self.transferSyntaxes = transferSyntaxes
        self.clampedVoxels = clampedVoxels
        self.ignoredFiles = ignoredFiles
        self.studyDate = studyDate
        self.patient = patient
        self.notes = notes
    }
}

/// One series found in the folder.
public struct SeriesSummary: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable { case chosen, skipped, refused }
    public var uid: String
    public var description: String?
    public var modality: String?
    public var files: Int
    /// Slices (frames) in the series.
    public var slices: Int
    public var rows: Int
    public var columns: Int
    public var status: Status
    /// Why the series was refused (the loader's one-line error), when it was.
    public var reason: String?

    public init(uid: String, description: String? = nil, modality: String? = nil, files: Int, slices: Int,
                rows: Int, columns: Int, status: Status, reason: String? = nil) {
        self.uid = uid
        self.description = description
        self.modality = modality
        self.files = files
        self.slices = slices
        self.rows = rows
        self.columns = columns
        self.status = status
        self.reason = reason
    }
}
