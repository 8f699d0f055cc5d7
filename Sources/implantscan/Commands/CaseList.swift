import ArgumentParser
import CaseRecords

extension CaseCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every case with its scan count, dates and latest diagnosis.")

        @Flag(help: "Print JSON instead of text.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let entries = try database.open(.readOnly).allRecords().map(CaseListEntry.init)
            print(json ? try CaseText.prettyJSON(entries) : CaseText.list(entries))
        }
    }
}
