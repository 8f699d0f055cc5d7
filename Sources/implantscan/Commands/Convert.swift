import ArgumentParser
import ScanIO

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the assembled HU volume as NRRD (for 3D Slicer or ITK-SNAP).")

    @OptionGroup var scan: ScanOptions

    @Argument(help: "Output file (.nrrd); written under a temporary name, then renamed.")
    var output: String

    func validate() throws {
        if !output.lowercased().hasSuffix(".nrrd") { throw ValidationError("the output must end in .nrrd") }
    }

    func run() throws {
        let loaded = try ScanLoader.load(path: scan.scan, options: scan.loadOptions)
        try NRRDWriter.write(loaded.volume, to: output)
    }
}
