import ArgumentParser

@main
struct ImplantScan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "implantscan",
        abstract: "Measure the bone around dental implants in CBCT scans.",
        version: "0.1.0",
        subcommands: [Analyze.self, Calibrate.self, Batch.self, RecordsCommand.self, CaseCommand.self, Info.self, Convert.self, PhantomCommand.self, Accuracy.self, Repeatability.self, Decide.self, Rules.self]
    )

    /// Runs the command with the libraries' own stderr chatter silenced; errors print as one line.
    static func main() {
        let stderr = StandardErrorGuard.shared
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            stderr.restore()
            exit(withError: error)
        }
    }
}
