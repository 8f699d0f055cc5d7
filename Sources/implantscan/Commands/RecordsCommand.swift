import ArgumentParser

/// `implantscan records …`: batch results and the case store.
struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "Merge batch results (of one machine or many shards) into the case store.",
        subcommands: [Import.self])
}
