import ArgumentParser

@main
struct ImplantScan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "implantscan",
        abstract: "Measure the bone around dental implants in CBCT scans.",
        version: "0.1.0",
        subcommands: [Info.self, Convert.self]
    )
}
