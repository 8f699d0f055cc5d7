import Foundation
import ScanIO
import VolumeCore

/// Writes a generated phantom into a new folder: the scan (DICOM series, multi-frame file or PNG
/// stack), `spec.json` (the spec it was made from) and `truth.json`. Everything is written into a
/// temporary folder beside the destination, which is renamed into place at the end.
public enum PhantomWriter {
    /// "2.25." roots UIDs in a number (ITU-T X.667); the rest is derived from the spec and the seed,
    /// so the same phantom always has the same UIDs.
    static let uidRoot = "2.25"

    public static func write(_ phantom: GeneratedPhantom, to folder: String, format: PhantomFormat,
                             transferSyntax: DICOMTransferSyntax, studyDate: String) throws(OutputError) {
        if FileManager.default.fileExists(atPath: folder) {
            throw .writeFailed(path: folder, reason: "already exists; choose a new --out folder")
        }
        let parent = ParentFolder.of(folder)
        let temporary = parent + "/.\((folder as NSString).lastPathComponent).tmp-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        } catch {
            throw .writeFailed(path: folder, reason: "cannot create a folder beside it")
        }
        do throws(OutputError) {
            try writeContents(phantom, to: temporary, format: format, transferSyntax: transferSyntax, studyDate: studyDate)
            guard rename(temporary, folder) == 0 else {
                throw .writeFailed(path: folder, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    static func writeContents(_ phantom: GeneratedPhantom, to folder: String, format: PhantomFormat,
                              transferSyntax: DICOMTransferSyntax, studyDate: String) throws(OutputError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeJSON(phantom.spec, encoder, to: folder + "/spec.json")
        try writeJSON(phantom.truth, encoder, to: folder + "/truth.json")

        let volume = phantom.stored
        let root = "\(uidRoot).\(identity(phantom, encoder))"
        let options = DICOMWriteOptions(
            studyUID: root + ".1", seriesUID: root + ".2", frameOfReferenceUID: root + ".3", sopInstanceUIDRoot: root + ".4",
            patientName: "PHANTOM^IMPLANTSCAN", patientID: "PHANTOM-\(phantom.truth.seed)", studyDate: studyDate,
            seriesDescription: "ImplantScan phantom (seed \(phantom.truth.seed))", manufacturer: "ImplantScan phantom",
            rescaleSlope: 1, rescaleIntercept: ScannerModel.rescaleIntercept, bitsStored: phantom.spec.volume.bitsStored,
            transferSyntax: transferSyntax)
        switch format {
        case .dicom:
            let digits = max(3, String(volume.size.z).count)
            try DICOMWriter.writeSeries(volume, to: folder, options: options) { k in
                "IM" + String(repeating: "0", count: digits - String(k + 1).count) + String(k + 1) + ".dcm"
            }
        case .multiframe:
            try DICOMWriter.writeMultiFrame(volume, to: folder + "/scan.dcm", options: options)
        case .png:
            try writePNGStack(volume, phantom: phantom, encoder: encoder, to: folder)
        }
    }

    static func writePNGStack(_ volume: Volume<UInt16>, phantom: GeneratedPhantom, encoder: JSONEncoder,
                              to folder: String) throws(OutputError) {
        let g = volume.geometry
        let calibrated = phantom.spec.volume.grayScale == 1 && phantom.spec.volume.grayOffset == 0
        let sidecar = GeometrySidecar(spacingMm: g.spacing, originMm: g.origin, direction: g.direction, rescaleSlope: 1,
                                      rescaleIntercept: ScannerModel.rescaleIntercept,
                                      units: calibrated ? "HU" : "uncalibrated")
        try writeJSON(sidecar, encoder, to: folder + "/" + GeometrySidecar.fileName)
        let slice = volume.sliceCount
        let digits = max(3, String(volume.size.z).count)
        for z in 0..<volume.size.z {
            let bytes: [UInt8]
            do {
                bytes = try volume.withUnsafeBufferPointer { voxels in
                    try PNGFile.encode(gray16: UnsafeBufferPointer(rebasing: voxels[(z * slice)..<((z + 1) * slice)]),
                                       width: volume.size.x, height: volume.size.y)
                }
            } catch {
                throw .writeFailed(path: folder, reason: "\(error)")
            }
            let name = "slice" + String(repeating: "0", count: digits - String(z + 1).count) + String(z + 1) + ".png"
            try PNGFile.write(bytes, to: folder + "/" + name)
        }
    }

    static func writeJSON<T: Encodable>(_ value: T, _ encoder: JSONEncoder, to path: String) throws(OutputError) {
        let data: Data
        do { data = try encoder.encode(value) } catch { throw .writeFailed(path: path, reason: "cannot encode JSON") }
        try AtomicFile.write([UInt8](data), to: path)
    }

    /// A decimal number identifying the phantom: FNV-1a over its spec's JSON and its seed.
    static func identity(_ phantom: GeneratedPhantom, _ encoder: JSONEncoder) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        let bytes = ((try? encoder.encode(phantom.spec)) ?? Data()) + Data(String(phantom.truth.seed).utf8)
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0100_0000_01B3 }
        return String(hash)
    }
}
