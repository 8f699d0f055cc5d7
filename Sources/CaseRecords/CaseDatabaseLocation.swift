/// Where the case database lives when no `--db` is given: `$IMPLANTSCAN_DB`, else
/// `$XDG_DATA_HOME/implantscan/cases.sqlite`, else `$HOME/.local/share/implantscan/cases.sqlite`
/// (the XDG Base Directory default for user data).
public enum CaseDatabaseLocation {
    public static let environmentVariable = "IMPLANTSCAN_DB"
    public static let fileName = "implantscan/cases.sqlite"

    public static func resolve(explicit: String?, environment: [String: String]) -> String {
        if let p = explicit, !p.isEmpty { return p }
        if let p = environment[environmentVariable], !p.isEmpty { return p }
        if let d = environment["XDG_DATA_HOME"], d.hasPrefix("/") { return "\(d)/\(fileName)" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
        return "\(home)/.local/share/\(fileName)"
    }
}
