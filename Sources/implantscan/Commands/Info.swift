import ArgumentParser
import ScanIO

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the series found in a scan and the geometry of the assembled volume.")

    @OptionGroup var scan: ScanOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let loaded = try ScanLoader.load(path: scan.scan, options: scan.loadOptions)
        let summary = ScanSummary(loaded)
        print(json ? summary.json() : summary.text)
    }
}
