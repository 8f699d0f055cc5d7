import ArgumentParser
import CaseRecords
import ScanIO

extension CaseCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the store: CSV (one row per implant per scan) or JSON. Patient identifiers are never exported.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv }

        @Option(help: "json or csv.")
        var format: Format = .json

        @Option(help: "Write to this file (atomically) instead of standard output.")
        var out: String?

        @Option(name: .customLong("case"), help: "Export this case only.")
        var caseID: String?

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try database.open(.readOnly)
            let records = try caseID.map { [try store.record($0)] } ?? store.allRecords()
            let text = format == .csv ? CaseExport.csv(records) : try CaseExport.json(records) + "\n"
            if let out {
                try AtomicFile.write(Array(text.utf8), to: out)
            } else {
                print(text, terminator: "")
            }
        }
    }
}
