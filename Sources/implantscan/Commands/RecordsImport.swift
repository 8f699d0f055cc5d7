import Foundation
import ArgumentParser
import ArchiveImport
import CaseRecords
import Decision

extension RecordsCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import batch results into the case store: one transaction per file, idempotent.",
            discussion: """
                Each analysed scan goes to the case the case map gives its folder (created with the map's site when \
                the store lacks it). A scan the store already holds (same SeriesInstanceUID and content hash, in any \
                case, also when attached by `analyze --case`) is skipped, so importing again adds nothing. A file with \
                a line that is not a whole batch record is refused whole. Prints added, skipped and refused counts per \
                file; the exit status is 1 when a scan or a file was refused. See docs/case-records.md.
                """)

        @Argument(help: ArgumentHelp("Results files of `implantscan batch` (JSON lines).", valueName: "results.jsonl"))
        var results: [String]

        @Option(help: ArgumentHelp("Case map: CSV with columns scan,case,site[,date][,implant] (docs/case-records.md).",
                                   valueName: "map.csv"))
        var cases: String

        @Option(help: "Rules file overriding decision thresholds for the recommendations (see `implantscan rules`).")
        var rules: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if results.isEmpty { throw ValidationError("give at least one results file") }
        }

        func run() throws {
            let map = try CaseMap.load(path: cases)
            let table = try rules.map { try DecisionFile.rules(try bytes($0), path: $0) } ?? .standard
            let store = try database.open(.readWrite)
            let report = ResultsImporter.run(paths: results, into: store, cases: map, rules: table)
            print(report.text)
            if report.hasRefusals { throw ExitCode(1) }
        }
    }
}
