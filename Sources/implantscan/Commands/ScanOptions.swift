import Foundation
import ArgumentParser
import ScanIO

/// Options every command that reads a scan shares.
struct ScanOptions: ParsableArguments {
    @Argument(help: "A scan folder (DICOM series or PNG stack, searched recursively) or one DICOM file.")
    var scan: String

    @Option(help: "SeriesInstanceUID to load when the folder holds several series (default: the largest consistent one).")
    var series: String?

    @Option(help: ArgumentHelp("Voxel spacing in mm for a PNG stack, overriding its sidecar.", valueName: "x,y,z"))
    var spacing: String?

    @Option(help: "Refuse volumes with more voxels than this, checked before allocating.")
    var maxVoxels: Int = LoadOptions.defaultMaxVoxels

    @Option(help: "Threads that read and decode the scan's files (default: one per core).")
    var threads: Int?

    func validate() throws {
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1") }
        if let s = spacing, parsedSpacing(s) == nil {
            throw ValidationError("--spacing takes three positive numbers in mm, e.g. 0.2,0.2,0.2")
        }
        if maxVoxels < 1 { throw ValidationError("--max-voxels must be positive") }
    }

    var loadOptions: LoadOptions {
        LoadOptions(seriesUID: series, spacing: spacing.flatMap(parsedSpacing), maxVoxels: maxVoxels, threads: threads)
    }

    private func parsedSpacing(_ text: String) -> SIMD3<Double>? {
        let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, parts.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        return SIMD3(parts[0], parts[1], parts[2])
    }
}
