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
