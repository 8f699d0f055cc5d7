import ArgumentParser
import CaseRecords

extension CaseCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The case's timeline: scans, site bone levels, findings and recommendations.")

        @Argument(help: "Case ID.")
        var id: String

        @Flag(help: "Print JSON instead of text.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let record = try database.open(.readOnly).record(id)
            print(json ? try CaseText.prettyJSON(record) : CaseText.show(record))
        }
    }
}
