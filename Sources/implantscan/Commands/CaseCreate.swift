import Foundation
import ArgumentParser
import CaseRecords

extension CaseCommand {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a case: one implant site, keyed by the clinic's own case ID.")

        @Argument(help: "The clinic's case ID (no patient identifiers).")
        var id: String

        @Option(help: "FDI tooth number of the implant site (e.g. 36).")
        var site: String

        @Option(help: "Implant system, as free text (e.g. \"Straumann BLT 4.1 × 10\").")
        var implantSystem: String?

        @Option(help: ArgumentHelp("Placement date.", valueName: "YYYY-MM-DD"))
        var placed: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if id.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the case ID must not be empty") }
        }

        func run() throws {
            let info = CaseInfo(id: id, site: site, implantSystem: implantSystem, placedDate: try CaseDate.argument(placed, what: "--placed"))
            guard CaseInfo.isFDISite(site) else { throw CaseStoreError.badSite(site) }
            let store = try database.open(.readWrite)
            try store.createCase(info)
            print("case \(id) created (site \(site)) in \(store.path)")
        }
    }
}
