import Foundation
import VolumeCore

/// What `implantscan info` reports about a loaded scan, as JSON or as text.
public struct ScanSummary: Codable, Sendable, Equatable {
    public var source: String
    public var format: ScanInfo.Format
    public var chosenSeriesUID: String?
    public var series: [SeriesSummary]
    /// Voxels along x, y, z.
    public var size: [Int]
    public var spacingMm: [Double]
    public var originMm: [Double]
    /// The x, y and z index axes as LPS unit vectors, one after the other.
    public var direction: [Double]
    /// Smallest and largest value in HU.
    public var valueRange: [Int]
    public var clampedVoxels: Int
    public var transferSyntaxes: [String]
    public var studyDate: String?
    public var ignoredFiles: [String]
    public var notes: [String]

    public init(_ scan: LoadedScan) {
        let v = scan.volume, g = v.geometry, info = scan.info
        let range = v.minMax()
        source = info.source
        format = info.format
        chosenSeriesUID = info.chosenSeriesUID
        series = info.series
        size = [v.size.x, v.size.y, v.size.z]
        spacingMm = [g.spacing.x, g.spacing.y, g.spacing.z]
        originMm = [g.origin.x, g.origin.y, g.origin.z]
        direction = g.direction.columnMajor
        valueRange = [Int(range.min), Int(range.max)]
        clampedVoxels = info.clampedVoxels
        transferSyntaxes = info.transferSyntaxes
        studyDate = info.studyDate
        ignoredFiles = info.ignoredFiles
        notes = info.notes
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain arrays, strings and numbers cannot fail.
        let data = try! encoder.encode(self)
        return String(decoding: data, as: UTF8.self)
    }

    public var text: String {
        func fmt(_ v: [Double]) -> String { v.map { String(format: "%.4f", $0) }.joined(separator: ", ") }
        var lines = [
            "Scan:        \(source) (\(format.rawValue))",
            "Size:        \(size.map(String.init).joined(separator: " × ")) voxels",
            "Spacing:     \(fmt(spacingMm)) mm",
            "Origin:      \(fmt(originMm)) mm (LPS)",
            "Direction:   x (\(fmt(Array(direction[0..<3])))), y (\(fmt(Array(direction[3..<6])))), z (\(fmt(Array(direction[6..<9]))))",
            "Values:      \(valueRange[0]) … \(valueRange[1]) HU, \(clampedVoxels) clamped voxel(s)",
        ]
        if !transferSyntaxes.isEmpty { lines.append("Encoding:    \(transferSyntaxes.joined(separator: "; "))") }
        if let d = studyDate { lines.append("Study date:  \(d)") }
        if format == .dicom {
            lines.append("Series:      \(series.count) found")
            for s in series {
                var line = "  [\(s.status.rawValue)] \(s.uid)  \(s.slices) slice(s) of \(s.columns)×\(s.rows) in \(s.files) file(s)"
                if let m = s.modality { line += "  \(m)" }
                if let d = s.description { line += "  \"\(d)\"" }
                lines.append(line)
                if let r = s.reason { lines.append("      refused: \(r)") }
            }
        }
        if !ignoredFiles.isEmpty { lines.append("Ignored:     \(ignoredFiles.count) file(s) that are not image slices") }
        for n in notes { lines.append("Note:        \(n)") }
        return lines.joined(separator: "\n")
    }
}
