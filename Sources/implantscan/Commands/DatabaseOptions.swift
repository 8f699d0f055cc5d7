import Foundation
import ArgumentParser
import CaseRecords

/// The case database every `case` command and `analyze --case` use.
struct DatabaseOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Case database (default: $IMPLANTSCAN_DB, else $XDG_DATA_HOME/implantscan/cases.sqlite, else ~/.local/share/implantscan/cases.sqlite).",
                               valueName: "path"))
    var db: String?

    var path: String { CaseDatabaseLocation.resolve(explicit: db, environment: ProcessInfo.processInfo.environment) }

    func open(_ access: CaseStore.Access) throws -> CaseStore { try CaseStore.open(path: path, access: access) }
}
