import CGDCMBridge
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading one DICOM file through the GDCM bridge.
public enum DICOMFile {
    static let errorCapacity = 512

    /// Which parser reads a header.
    public enum HeaderReader: Sendable {
        /// The bridge's own reading of a plain file's bytes (Explicit or Implicit VR Little Endian, no
        /// functional groups), else GDCM.
        case any
        /// GDCM always.
        case gdcm
    }

    /// Reads every element before the pixel data.
    public static func readHeader(path: String, reader: HeaderReader = .any) throws(ScanLoadError) -> DICOMHeader {
        try readHeader(try OpenedFile(path: path), reader: reader)
    }

    /// Reads every element before the pixel data of a file already open.
    static func readHeader(_ file: OpenedFile, reader: HeaderReader = .any) throws(ScanLoadError) -> DICOMHeader {
        let path = file.path
        var handle: OpaquePointer?
        var err = [CChar](repeating: 0, count: errorCapacity)
        let status = isg_header_read_fd(file.descriptor, path, Int32(reader == .gdcm ? ISG_READER_GDCM : ISG_READER_ANY),
                                        &handle, &err, err.count)
        guard Int(status) == ISG_OK, let h = handle else {
            throw .notDICOM(path: path, reason: message(err))
        }
        defer { isg_header_free(h) }

        func string(_ f: isg_string_field) -> String { String(cString: isg_header_string(h, f)) }
        func int(_ f: isg_int_field) -> Int? {
            var v: Int64 = 0
            return isg_header_int(h, f, &v) != 0 ? Int(v) : nil
        }
        func double(_ f: isg_double_field) -> Double? {
            var v = 0.0
            return isg_header_double(h, f, &v) != 0 ? v : nil
        }
        let frameCount = Int(isg_header_frame_count(h))
        var frames: [FrameGeometry] = []
        frames.reserveCapacity(frameCount)
        for i in 0..<frameCount {
            var f = isg_frame()
            guard isg_header_frame(h, Int32(i), &f) != 0 else { break }
            let o = f.orientation, p = f.position, s = f.pixel_spacing
            frames.append(FrameGeometry(
                position: f.has_position != 0 ? SIMD3(p.0, p.1, p.2) : nil,
                rowDirection: f.has_orientation != 0 ? SIMD3(o.0, o.1, o.2) : nil,
                columnDirection: f.has_orientation != 0 ? SIMD3(o.3, o.4, o.5) : nil,
                pixelSpacing: f.has_pixel_spacing != 0 ? SIMD2(s.0, s.1) : nil,
                rescaleSlope: f.slope, rescaleIntercept: f.intercept))
        }
        let bitsAllocated = int(ISG_INT_BITS_ALLOCATED) ?? 0
        return DICOMHeader(
            path: path,
            seriesUID: string(ISG_STR_SERIES_UID),
            sopInstanceUID: string(ISG_STR_SOP_INSTANCE_UID),
            sopClassUID: string(ISG_STR_SOP_CLASS_UID),
            mediaSOPClassUID: string(ISG_STR_MEDIA_SOP_CLASS_UID),
            frameOfReferenceUID: string(ISG_STR_FRAME_OF_REFERENCE_UID),
            transferSyntaxUID: string(ISG_STR_TRANSFER_SYNTAX_UID),
            transferSyntaxName: string(ISG_STR_TRANSFER_SYNTAX_NAME),
            studyDate: string(ISG_STR_STUDY_DATE),
            modality: string(ISG_STR_MODALITY),
            seriesDescription: string(ISG_STR_SERIES_DESCRIPTION),
            photometric: string(ISG_STR_PHOTOMETRIC),
            patient: PatientIdentifiers(name: string(ISG_STR_PATIENT_NAME), id: string(ISG_STR_PATIENT_ID),
                                        birthDate: string(ISG_STR_PATIENT_BIRTH_DATE)),
            rows: int(ISG_INT_ROWS) ?? 0,
            columns: int(ISG_INT_COLUMNS) ?? 0,
            frames: int(ISG_INT_FRAMES) ?? 1,
            samplesPerPixel: int(ISG_INT_SAMPLES_PER_PIXEL) ?? 1,
            bitsAllocated: bitsAllocated,
            bitsStored: int(ISG_INT_BITS_STORED) ?? bitsAllocated,
            pixelRepresentation: int(ISG_INT_PIXEL_REPRESENTATION) ?? 0,
            instanceNumber: int(ISG_INT_INSTANCE_NUMBER),
            sliceThickness: double(ISG_DBL_SLICE_THICKNESS),
            spacingBetweenSlices: double(ISG_DBL_SPACING_BETWEEN_SLICES),
            frameGeometry: frames,
            nativePixelOffset: int(ISG_INT_PIXEL_DATA_OFFSET),
            readDirectly: isg_header_read_directly(h) != 0)
    }

    /// Decodes the pixels of a file whose header was read: native little-endian pixel data is read from
    /// the file straight into `destination` (one copy, no codec, no second parse); anything else goes
    /// through GDCM's codecs.
    public static func decodePixels(_ header: DICOMHeader, into destination: UnsafeMutableRawBufferPointer)
        throws(ScanLoadError) -> PixelLayout
    {
        guard let offset = header.nativePixelOffset else {
            return try decodePixels(path: header.path, into: destination)
        }
        let fd = open(header.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: header.path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var done = 0
        while done < destination.count {
            let n = pread(fd, destination.baseAddress! + done, destination.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .decodeFailed(path: header.path, reason: "read failed: \(String(cString: strerror(errno)))") }
            if n == 0 {
                throw .decodeFailed(path: header.path, reason: "truncated: the pixel data lacks \(destination.count - done) bytes")
            }
            done += n
        }
        return PixelLayout(bitsAllocated: header.bitsAllocated, bitsStored: header.bitsStored,
                           signed: header.pixelRepresentation != 0, samplesPerPixel: 1, rows: header.rows,
                           columns: header.columns, frames: header.frames, photometric: header.photometric)
    }

    /// Decodes all frames of a file into `destination`, whose size must match the decoded image
    /// exactly; returns the layout the codec produced (values as stored, native byte order).
    public static func decodePixels(path: String, into destination: UnsafeMutableRawBufferPointer)
        throws(ScanLoadError) -> PixelLayout
    {
        var layout = isg_pixel_layout()
        var err = [CChar](repeating: 0, count: errorCapacity)
        let status = isg_pixels_decode(path, destination.baseAddress, destination.count, &layout, &err, err.count)
        guard Int(status) == ISG_OK else { throw .decodeFailed(path: path, reason: message(err)) }
        return PixelLayout(layout)
    }

    static func message(_ err: [CChar]) -> String {
        let text = err.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return text.isEmpty ? "unknown error" : text
    }
}
