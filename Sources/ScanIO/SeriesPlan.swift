import VolumeCore

/// A series checked from its headers alone: slices sorted, geometry known, pixels of a kind the
/// loader can decode. Building one allocates nothing large; decoding follows.
public struct SeriesPlan: Sendable {
    public var uid: String
    /// The series' files, in path order.
    public var headers: [DICOMHeader]
    /// Every frame of every file; `sorted.order` indexes into it.
    public var slices: [SliceRef]
    /// Index into `headers` of each entry of `slices`.
    public var sliceHeader: [Int]
    public var sorted: SliceSorter.Result

    public var size: SIMD3<Int> { [headers[0].columns, headers[0].rows, slices.count] }
    public var voxelCount: Int { size.x * size.y * size.z }

    /// Checks one series' headers and sorts its slices.
    public init(uid: String, headers: [DICOMHeader], maxVoxels: Int) throws(ScanLoadError) {
        precondition(!headers.isEmpty)
        for h in headers { try Self.checkPixels(h) }
        var slices: [SliceRef] = []
        var sliceHeader: [Int] = []
        var notes: [String] = []
        for (i, h) in headers.enumerated() {
            let frames = Self.stackedFrames(h, notes: &notes)
            for f in 0..<h.frames {
                let geometry = frames[f]
                slices.append(SliceRef(file: h.path, frame: f, rows: h.rows, columns: h.columns,
                                       geometry: geometry, frameOfReferenceUID: h.frameOfReferenceUID))
                sliceHeader.append(i)
            }
        }
        let (voxels, overflow) = headers[0].rows.multipliedReportingOverflow(by: headers[0].columns)
        let (total, overflow2) = voxels.multipliedReportingOverflow(by: slices.count)
        if overflow || overflow2 || total > maxVoxels {
            throw .tooLarge(path: headers[0].path, voxels: overflow || overflow2 ? Int.max : total, limit: maxVoxels)
        }
        // A lone slice's extent is its thickness; frames stacked without positions are SpacingBetweenSlices apart.
        let first = headers[0]
        let fallback = slices.count == 1 ? first.sliceThickness ?? first.spacingBetweenSlices
                                         : first.spacingBetweenSlices ?? first.sliceThickness
        sorted = try SliceSorter.sort(slices, fallbackSliceSpacing: fallback)
        sorted.notes += notes
        self.uid = uid
        self.headers = headers
        self.slices = slices
        self.sliceHeader = sliceHeader
    }

    /// A legacy multi-frame file (MR, NM, some CBCT exports) gives one top-level ImagePositionPatient for
    /// all its frames: frame k then lies k × SpacingBetweenSlices (else SliceThickness, else 1 mm) along
    /// the slice normal from it. Enhanced files with per-frame positions are returned unchanged.
    static func stackedFrames(_ h: DICOMHeader, notes: inout [String]) -> [FrameGeometry] {
        var frames = h.frameGeometry
        while frames.count < h.frames { frames.append(frames.last ?? FrameGeometry()) }
        guard h.frames > 1, let p0 = frames[0].position, frames.allSatisfy({ $0.position == p0 }) else {
            return frames
        }
        let row = frames[0].rowDirection ?? [1, 0, 0], column = frames[0].columnDirection ?? [0, 1, 0]
        let normal = cross(row, column) / length(cross(row, column))
        let step = h.spacingBetweenSlices ?? h.sliceThickness ?? 1
        for k in frames.indices { frames[k].position = p0 + normal * (step * Double(k)) }
        notes.append("\(h.frames) frames share one ImagePositionPatient: stacked \(step) mm apart along the normal")
        return frames
    }

    /// Refuses pixel data that cannot be a grayscale CBCT slice.
    static func checkPixels(_ h: DICOMHeader) throws(ScanLoadError) {
        if h.samplesPerPixel != 1 {
            throw .unsupportedPixels(path: h.path, reason: "\(h.samplesPerPixel) samples per pixel (\(h.photometric)): colour images are not CBCT slices")
        }
        if h.photometric != "MONOCHROME1" && h.photometric != "MONOCHROME2" && !h.photometric.isEmpty {
            throw .unsupportedPixels(path: h.path, reason: "photometric interpretation \(h.photometric) (only MONOCHROME1/2)")
        }
        if h.bitsAllocated != 8 && h.bitsAllocated != 16 {
            throw .unsupportedPixels(path: h.path, reason: "\(h.bitsAllocated) bits allocated (only 8 or 16)")
        }
        if h.bitsStored < 1 || h.bitsStored > h.bitsAllocated {
            throw .unsupportedPixels(path: h.path, reason: "\(h.bitsStored) bits stored in \(h.bitsAllocated) allocated")
        }
        if h.frames < 1 {
            throw .missingTag(path: h.path, tag: "NumberOfFrames")
        }
    }
}
