import Foundation

/// The phantom series `Benchmarks/make-data` writes, found from this file's place in the repository.
public enum BenchmarkData {
    public static let sizes = [256, 400, 640]

    public static var folder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".data").path
    }

    /// `two-400-jpegls`, `one-256-explicit`, …; stops the run with a hint when the data is missing.
    public static func scan(_ name: String) -> String {
        let path = folder + "/" + name
        guard FileManager.default.fileExists(atPath: path) else {
            fatalError("\(path) is missing: run Benchmarks/make-data first")
        }
        return path
    }

    /// The DICOM files of a scan, sorted.
    public static func files(_ name: String) -> [String] {
        let path = scan(name)
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { $0.hasSuffix(".dcm") }.sorted().map { path + "/" + $0 }
    }

    /// Bytes of voxel data of an n³ Int16 volume.
    public static func voxelBytes(_ n: Int) -> Int { n * n * n * 2 }
}
