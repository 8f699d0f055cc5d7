#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CGDCMBridge
import Dispatch
import VolumeCore

/// Writes a volume of stored values as DICOM through GDCM, for synthetic phantoms: a series of CT
/// Image files or one Enhanced CT Image file, in any `DICOMTransferSyntax`.
///
/// Output depends only on the volume and the options (no generated UIDs, no timestamps), so writing
/// twice gives byte-identical files. Each file is written under a temporary name and renamed into place;
/// when a write fails, nothing this call wrote is left behind.
///
/// Geometry: slice (frame) k lies at ImagePositionPatient = origin + k · spacing.z · direction.z;
/// ImageOrientationPatient is direction.x then direction.y; PixelSpacing is [spacing.y, spacing.x]
/// (between rows first); SliceThickness is spacing.z. Readers take the slice normal as
/// direction.x × direction.y, so a volume reads back with the geometry it was written with when its
/// direction is a right-handed orthonormal frame.
public enum DICOMWriter {
    /// Writes one CT Image Storage file per z-slice, slice k to `folder/fileName(k)`, with
    /// InstanceNumber k + 1 and SOP Instance UID `options.sopInstanceUID(slice: k)`. The folder must
    /// exist. Slices are encoded and written in parallel.
    public static func writeSeries<V: DICOMStoredValue>(_ stored: Volume<V>, to folder: String,
                                                        options: DICOMWriteOptions,
                                                        fileName: (Int) -> String) throws(OutputError) {
        precondition(MemoryLayout<V>.size == 2, "DICOMWriter writes 16-bit stored values")
        let slices = stored.size.z
        let paths = (0..<slices).map { join(folder, fileName($0)) }
        if let duplicate = firstDuplicate(paths) {
            throw .writeFailed(path: duplicate, reason: "two slices would be written to the same file")
        }
        let geometry = stored.geometry, size = stored.size
        let sliceBytes = stored.sliceCount * 2
        var failures = [OutputError?](repeating: nil, count: slices)
        stored.withUnsafeBufferPointer { voxels in
            let pixels = UnsafeSendable(UnsafeRawPointer(voxels.baseAddress!))
            failures.withUnsafeMutableBufferPointer { results in
                let out = UnsafeSendable(results)
                DispatchQueue.concurrentPerform(iterations: slices) { k in
                    do throws(OutputError) {
                        let file = FileContent(
                            kind: ISW_CT_IMAGE, pixels: pixels.value + k * sliceBytes, columns: size.x, rows: size.y,
                            firstSlice: k, frames: 1, signed: V.isSigned, geometry: geometry,
                            sopInstanceUID: options.sopInstanceUID(slice: k), instanceNumber: k + 1)
                        try write(file, options: options, to: paths[k])
                    } catch {
                        out.value[k] = error
                    }
                }
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first {
            for (path, result) in zip(paths, failures) where result == nil { unlink(path) }
            throw failure
        }
    }

    /// Writes one Enhanced CT Image Storage file holding every z-slice as a frame, with SOP Instance UID
    /// `options.sopInstanceUID(slice: 0)`: each frame's position in its Per-frame Functional Groups
    /// (Plane Position Sequence); orientation, pixel measures, rescale and frame type in the Shared ones.
    public static func writeMultiFrame<V: DICOMStoredValue>(_ stored: Volume<V>, to path: String,
                                                            options: DICOMWriteOptions) throws(OutputError) {
        precondition(MemoryLayout<V>.size == 2, "DICOMWriter writes 16-bit stored values")
        let size = stored.size, geometry = stored.geometry
        try stored.withUnsafeBufferPointer { (voxels) throws(OutputError) in
            let file = FileContent(
                kind: ISW_ENHANCED_CT_IMAGE, pixels: UnsafeRawPointer(voxels.baseAddress!), columns: size.x,
                rows: size.y, firstSlice: 0, frames: size.z, signed: V.isSigned, geometry: geometry,
                sopInstanceUID: options.sopInstanceUID(slice: 0), instanceNumber: 1)
            try write(file, options: options, to: path)
        }
    }

    /// One file's pixels and place in the volume.
    struct FileContent {
        var kind: isw_kind
        var pixels: UnsafeRawPointer
        var columns: Int, rows: Int
        /// z index of the first frame in the volume, and the number of frames.
        var firstSlice: Int, frames: Int
        var signed: Bool
        var geometry: VolumeGeometry
        var sopInstanceUID: String
        var instanceNumber: Int
    }

    /// Encodes `file` through the bridge and writes it to `path` (temporary name, then rename).
    static func write(_ file: FileContent, options: DICOMWriteOptions, to path: String) throws(OutputError) {
        let g = file.geometry
        let (x, y, z) = g.direction.columns
        var positions: [Double] = []
        positions.reserveCapacity(3 * file.frames)
        for k in file.firstSlice..<(file.firstSlice + file.frames) {
            let p = g.origin + Double(k) * g.spacing.z * z
            positions += [p.x, p.y, p.z]
        }
        // C copies of the strings, alive until the bridge returns.
        let texts = [options.transferSyntax.uid, options.studyUID, options.seriesUID, options.frameOfReferenceUID,
                     file.sopInstanceUID, options.dimensionOrganizationUID, options.patientName, options.patientID,
                     options.studyDate, options.seriesDescription, options.manufacturer].map { s in s.withCString { strdup($0)! } }
        defer { for t in texts { free(t) } }

        var encoded: UnsafeMutablePointer<UInt8>?
        var count = 0
        var err = [CChar](repeating: 0, count: DICOMFile.errorCapacity)
        let status = positions.withUnsafeBufferPointer { p -> Int32 in
            var image = isw_image()
            image.kind = file.kind
            image.transfer_syntax_uid = UnsafePointer(texts[0])
            image.study_uid = UnsafePointer(texts[1])
            image.series_uid = UnsafePointer(texts[2])
            image.frame_of_reference_uid = UnsafePointer(texts[3])
            image.sop_instance_uid = UnsafePointer(texts[4])
            image.dimension_organization_uid = UnsafePointer(texts[5])
            image.patient_name = UnsafePointer(texts[6])
            image.patient_id = UnsafePointer(texts[7])
            image.study_date = UnsafePointer(texts[8])
            image.series_description = UnsafePointer(texts[9])
            image.manufacturer = UnsafePointer(texts[10])
            image.instance_number = Int32(file.instanceNumber)
            image.columns = Int32(file.columns)
            image.rows = Int32(file.rows)
            image.frames = Int32(file.frames)
            image.bits_stored = Int32(options.bitsStored)
            image.pixel_representation = file.signed ? 1 : 0
            image.pixels = file.pixels
            image.pixel_bytes = file.columns * file.rows * file.frames * 2
            image.row_direction = (x.x, x.y, x.z)
            image.column_direction = (y.x, y.y, y.z)
            image.pixel_spacing = (g.spacing.y, g.spacing.x)
            image.slice_thickness = g.spacing.z
            image.positions = p.baseAddress
            image.rescale_slope = options.rescaleSlope
            image.rescale_intercept = options.rescaleIntercept
            return isw_encode(&image, &encoded, &count, &err, err.count)
        }
        guard Int(status) == ISW_OK, let bytes = encoded else {
            throw .writeFailed(path: path, reason: DICOMFile.message(err))
        }
        defer { isw_buffer_free(bytes) }
        try AtomicFile.write(UnsafeRawBufferPointer(start: bytes, count: count), to: path)
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty || folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    static func firstDuplicate(_ paths: [String]) -> String? {
        var seen = Set<String>()
        return paths.first { !seen.insert($0).inserted }
    }
}
