import ArgumentParser

/// `implantscan case …`: the case store (cases, findings, timelines, longitudinal history, exports).
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Keep scans, measurements, findings and recommendations with a case, and follow a site over years.",
        discussion: "Scans are attached with `implantscan analyze SCAN --case ID`.",
        subcommands: [Create.self, Findings.self, Show.self, History.self, List.self, Export.self])
}
