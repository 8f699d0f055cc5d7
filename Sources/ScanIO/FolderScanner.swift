import Foundation

/// Lists the files of a scan folder, recursively, in a stable order.
///
/// Follows symbolic links to files and folders but visits each real folder once, so a link loop
/// ends instead of recursing forever. Hidden entries (`.name`) are skipped.
public enum FolderScanner {
    public static func files(in folder: String) throws(ScanLoadError) -> [String] {
        var found: [String] = []
        var visited = Set<String>()
        try walk(folder, isRoot: true, found: &found, visited: &visited)
        if found.isEmpty { throw .emptyFolder(path: folder) }
        return found.sorted()
    }

    /// Whether `path` (links followed) is a regular file.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    private static func walk(_ folder: String, isRoot: Bool, found: inout [String],
                             visited: inout Set<String>) throws(ScanLoadError) {
        let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        guard visited.insert(real).inserted else { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            // The root must be readable; an unreadable subfolder is an error too: its slices would be missing.
            throw .unreadable(path: folder, reason: "cannot list the folder")
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                continue  // a dangling link
            }
            if isDirectory.boolValue {
                try walk(path, isRoot: false, found: &found, visited: &visited)
            } else if isRegularFile(path) {
                found.append(path)
            } else {
                // A FIFO would block the first read forever; a device or socket is no slice either.
                throw .unreadable(path: path, reason: "not a regular file (a FIFO, socket or device)")
            }
        }
    }
}
