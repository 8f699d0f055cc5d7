import Foundation
import Measurements

/// Writes `measurements.json` (and other result files) into a folder (created if needed), each through a
/// temporary file.
public enum MeasurementsFile {
    public static let fileName = "measurements.json"

    public static func write(_ measurements: ScanMeasurements, toFolder folder: String) throws(OutputError) {
        try write(text: MeasurementSummary.json(measurements), toFolder: folder, name: fileName)
    }

    /// Writes `text` (plus a final newline) as `folder/name`.
    public static func write(text: String, toFolder folder: String, name: String) throws(OutputError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: folder, reason: "cannot create the folder")
        }
        try AtomicFile.write(Array(text.utf8) + [0x0A], to: folder + "/" + name)
    }

    /// Writes each `(name, text)` (plus a final newline) into `folder`, all or none: every file is written
    /// and flushed under a temporary name before the first is renamed into place. On a failure the
    /// temporary files are removed, and so are the folders this call created.
    public static func write(_ files: [(name: String, text: String)], toFolder folder: String) throws(OutputError) {
        let created = missingFolders(folder)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            removeFolders(created)
            throw .writeFailed(path: folder, reason: "cannot create the folder")
        }
        do {
            try writeAll(files, toFolder: folder)
        } catch {
            removeFolders(created)
            throw error
        }
    }

    /// The temporary files live in this frame only, so they are gone (unless committed) when it returns.
    private static func writeAll(_ files: [(name: String, text: String)], toFolder folder: String) throws(OutputError) {
        var pending: [AtomicFile] = []
        for f in files {
            let file = try AtomicFile(path: folder + "/" + f.name)
            pending.append(file)
            try file.write(f.text + "\n")
        }
        for file in pending { try file.sync() }
        for file in pending { try file.commit() }
    }

    /// Refuses, before any work, a folder that cannot take files: a path through a regular file, a folder
    /// (or the nearest existing folder above one still to create) where no file can be created. Creates
    /// nothing that stays.
    public static func checkWritable(folder: String) throws(OutputError) {
        var existing = folder.isEmpty ? "." : folder
        var isFolder: ObjCBool = false
        while !FileManager.default.fileExists(atPath: existing, isDirectory: &isFolder) {
            existing = ParentFolder.of(existing)
        }
        guard isFolder.boolValue else { throw .writeFailed(path: folder, reason: "\(existing) is not a folder") }
        do {
            _ = try AtomicFile(path: existing + "/.implantscan-write-check")  // removed at once, never committed
        } catch {
            guard case let .writeFailed(_, reason) = error else { throw error }
            throw .writeFailed(path: folder, reason: reason)
        }
    }

    /// The folders from `folder` up to (not including) the nearest one that exists, deepest first.
    private static func missingFolders(_ folder: String) -> [String] {
        var missing: [String] = []
        var path = folder
        while !path.isEmpty && path != "/" && !FileManager.default.fileExists(atPath: path) {
            missing.append(path)
            path = ParentFolder.of(path)
        }
        return missing
    }

    private static func removeFolders(_ folders: [String]) {
        for f in folders { rmdir(f) }
    }
}
