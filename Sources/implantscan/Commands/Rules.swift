import ArgumentParser
import Decision

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the decision rules: ids, thresholds and sources, and the hash of the thresholds.")

    @Option(help: "Rules file overriding thresholds by rule id; prints the table it gives.")
    var file: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let table = try file.map { try DecisionFile.rules(try bytes($0), path: $0) } ?? .standard
        print(json ? RecommendationSummary.json(table) : RecommendationSummary.text(table))
    }
}
