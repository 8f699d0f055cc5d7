import ArgumentParser
import CaseRecords
import Decision

extension CaseCommand {
    struct Findings: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the clinician's findings at one visit (docs/findings.md); a second entry for a date replaces the first.")

        @Argument(help: "Case ID.")
        var id: String

        @Option(help: ArgumentHelp("Visit date.", valueName: "YYYY-MM-DD"))
        var date: String

        @Option(help: "Findings JSON (docs/findings.md).")
        var file: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let visit = try CaseDate.argument(date, what: "--date")!
            let findings = try DecisionFile.findings(try bytes(file), path: file)
            let replaced = try database.open(.readWrite).recordFindings(caseID: id, date: visit, findings: findings)
            print("findings of \(visit) \(replaced ? "replaced" : "recorded") for case \(id)")
        }
    }
}
