import ArgumentParser
import CaseRecords

extension CaseCommand {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per site: bone level at each scan, change and rate since the first and previous scan, against the measurement error.",
            discussion: "Also the Albrektsson success criterion and progressive loss for the 2017 diagnosis (CLINICAL.md §4.1, §5).")

        @Argument(help: "Case ID.")
        var id: String

        @Flag(help: "Print JSON instead of text.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let history = CaseHistory(try database.open(.readOnly).record(id))
            print(json ? try CaseText.prettyJSON(history) : CaseText.history(history))
        }
    }
}
