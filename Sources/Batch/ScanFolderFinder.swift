import Foundation
import ScanIO

/// Finds the scans of an archive: every folder under the root that directly holds a DICOM file (by its
/// `DICM` preamble or a DICOM name) or a PNG. Each such folder is one scan; a series spread over nested
/// subfolders is found as one scan per subfolder. Hidden entries are skipped and symbolic links are
/// followed with each real folder visited once (`FolderScanner`).
public enum ScanFolderFinder {
    /// The scan folders under `root` as paths relative to it ("." for the root itself), sorted.
    public static func scans(under root: String) throws(ScanLoadError) -> [String] {
        let files = try FolderScanner.files(in: root)
        var byFolder: [String: [String]] = [:]
        // Parents by the last "/" (not NSString path methods, which would also rewrite "//" and ".").
        for file in files {
            guard let slash = file.lastIndex(of: "/") else { continue }
            byFolder[String(file[..<slash]), default: []].append(file)
        }
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        var found: [String] = []
        for (folder, folderFiles) in byFolder where folderFiles.contains(where: isImage) {
            found.append(relative(folder, to: base))
        }
        return found.sorted()
    }

    /// Whether a file is a scan slice by its first bytes or its name (unreadable files are not).
    private static func isImage(_ path: String) -> Bool {
        guard let kind = try? FileKind.of(path: path), kind != .unknown else { return false }
        return (path as NSString).lastPathComponent.uppercased() != "DICOMDIR"
    }

    private static func relative(_ folder: String, to base: String) -> String {
        if folder == base { return "." }
        return folder.hasPrefix(base + "/") ? String(folder.dropFirst(base.count + 1)) : folder
    }
}
