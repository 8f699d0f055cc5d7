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
