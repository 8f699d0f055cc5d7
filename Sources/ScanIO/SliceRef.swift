/// One 2D slice of a series, as the sorter sees it: a frame of a file and its geometry.
public struct SliceRef: Sendable, Equatable {
    public var file: String
    /// Frame index within the file (0 for single-frame files).
    public var frame: Int
    public var rows: Int
    public var columns: Int
    public var geometry: FrameGeometry
    public var frameOfReferenceUID: String

    public init(file: String, frame: Int = 0, rows: Int, columns: Int, geometry: FrameGeometry,
                frameOfReferenceUID: String = "") {
        self.file = file
        self.frame = frame
        self.rows = rows
        self.columns = columns
        self.geometry = geometry
        self.frameOfReferenceUID = frameOfReferenceUID
    }
}
