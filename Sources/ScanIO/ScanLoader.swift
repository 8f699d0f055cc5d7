import Dispatch
import Foundation
import VolumeCore

/// The loading stage: a scan folder (or one DICOM file) to a HU volume with its geometry.
/// The only part of the pipeline besides Record/Report that reads the file system.
public enum ScanLoader {
    public static func load(path: String, options: LoadOptions = LoadOptions()) throws(ScanLoadError) -> LoadedScan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notFound(path: path)
        }
        if !isDirectory.boolValue && !FolderScanner.isRegularFile(path) {
            throw .unreadable(path: path, reason: "not a regular file (a FIFO, socket or device)")
        }
        let files = isDirectory.boolValue ? try FolderScanner.files(in: path) : [path]
        let entries = try classify(files, threads: options.threads)

        var headers: [DICOMHeader] = []
        var pngs: [String] = []
        var ignored: [String] = []
        for entry in entries {
            switch entry {
            case .png(let p): pngs.append(p)
            case .image(let h): headers.append(h)
            case .ignored(let p): ignored.append(p)
            }
        }
        if !headers.isEmpty {
            return try DICOMSeriesLoader.load(source: path, headers: headers, ignored: ignored + pngs, options: options)
        }
        if !pngs.isEmpty {
            guard isDirectory.boolValue else { throw .invalidPNG(path: path, reason: "a PNG stack is a folder of slices") }
            // One stack is one folder of slices: PNGs spread over subfolders are several stacks.
            let folders = Set(pngs.map { ($0 as NSString).deletingLastPathComponent })
            guard folders.count == 1, let folder = folders.first else {
                throw .invalidPNG(path: path, reason: "PNG slices in \(folders.count) folders; give one stack's folder")
            }
            var scan = try PNGStackLoader.load(folder: folder, files: pngs, options: options)
            scan.info.ignoredFiles = ignored.filter { ($0 as NSString).lastPathComponent != GeometrySidecar.fileName }
            return scan
        }
        if !isDirectory.boolValue { throw .notDICOM(path: path, reason: "neither DICOM nor PNG") }
        throw .noImages(path: path, ignored: ignored.count)
    }

    enum Entry: Sendable {
        case png(String)
        case image(DICOMHeader)
        case ignored(String)
    }

    /// Reads each file's kind and, for DICOM, its header, in parallel. A file that looks like DICOM
    /// but does not parse refuses the scan; other unparseable files and non-image DICOM are ignored.
    static func classify(_ files: [String], threads: Int? = nil) throws(ScanLoadError) -> [Entry] {
        let results = UnsafeMutableBufferPointer<Result<Entry, ScanLoadError>>.allocate(capacity: files.count)
        results.initialize(repeating: .success(.ignored("")))
        defer { results.deallocate() }
        let out = UnsafeSendable(results)
        ParallelLoop.run(iterations: files.count, threads: threads) { i in
            let path = files[i]
            do throws(ScanLoadError) {
                let file = try OpenedFile(path: path)
                let kind = FileKind.of(head: try file.bytes(at: 0, count: FileKind.headBytes), path: path)
                switch kind {
                case .png:
                    out.value[i] = .success(.png(path))
                case .dicom, .unknown:
                    do throws(ScanLoadError) {
                        let h = try DICOMFile.readHeader(file)
                        out.value[i] = .success(h.isImage ? .image(h) : .ignored(path))
                    } catch {
                        out.value[i] = kind == .dicom ? .failure(error) : .success(.ignored(path))
                    }
                }
            } catch {
                out.value[i] = .failure(error)
            }
        }
        var entries: [Entry] = []
        entries.reserveCapacity(files.count)
        for r in results { entries.append(try r.get()) }
        return entries
    }
}
