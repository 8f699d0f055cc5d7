import Foundation

/// Lists the files of a scan folder, recursively, in a stable order.
///
/// Follows symbolic links to files and folders but visits each real folder once, so a link loop
/// ends instead of recursing forever. Hidden entries (`.name`) are skipped.
public enum FolderScanner {
    public static func files(in folder: String) throws(ScanLoadError) -> [String] {
        var found: [String] = []
        var visited = Set<String>()
        try walk(folder, found: &found, visited: &visited)
        if found.isEmpty { throw .emptyFolder(path: folder) }
        return found.sorted()
    }

    /// Whether `path` (links followed) is a regular file.
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    private static func walk(_ folder: String, found: inout [String],
                             visited: inout Set<String>) throws(ScanLoadError) {
        let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        guard visited.insert(real).inserted else { return }
        // The root must be readable; an unreadable subfolder is an error too: its slices would be missing.
        guard let directory = opendir(folder) else { throw .unreadable(path: folder, reason: "cannot list the folder") }
        // The entry's type comes with its name, so a plain file or folder costs no stat (a 640-slice
        // series took two each); links, and file systems that do not say, are looked up.
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { entries.append((name, entry.pointee.d_type)) }
        }
        closedir(directory)
        for (name, type) in entries.sorted(by: { $0.name < $1.name }) {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var kind = Int(type)
            if kind == Int(DT_LNK) || kind == Int(DT_UNKNOWN) {
                var info = stat()
                guard stat(path, &info) == 0 else { continue }  // a dangling link
                kind = (info.st_mode & S_IFMT) == S_IFDIR ? Int(DT_DIR) : (info.st_mode & S_IFMT) == S_IFREG ? Int(DT_REG) : Int(DT_FIFO)
            }
            if kind == Int(DT_DIR) {
                try walk(path, found: &found, visited: &visited)
            } else if kind == Int(DT_REG) {
                found.append(path)
            } else {
                // A FIFO would block the first read forever; a device or socket is no slice either.
                throw .unreadable(path: path, reason: "not a regular file (a FIFO, socket or device)")
            }
        }
    }
}
