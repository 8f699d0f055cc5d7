import Measurements

/// The decision rules as data (CLINICAL.md §4): a versioned table whose thresholds a rules file may
/// override by id (`RuleOverrides`). Every recommendation records the version and `thresholdsHash`.
public struct RuleSet: Codable, Sendable, Equatable {
    public var version: String
    public var rules: [Rule]

    public init(version: String, rules: [Rule]) {
        self.version = version
        self.rules = rules
    }

    public func rule(_ id: String) -> Rule {
        guard let r = rules.first(where: { $0.id == id }) else { preconditionFailure("no rule \(id) in rule set \(version)") }
        return r
    }

    public func value(_ id: String, _ name: String) -> Double {
        guard let t = rule(id).thresholds.first(where: { $0.name == name }) else {
            preconditionFailure("rule \(id) has no threshold \(name)")
        }
        return t.value
    }

    /// The thresholds in a canonical form: one "id.name comparison value unit" line per threshold, sorted.
    public var canonicalThresholds: String {
        rules.flatMap { r in r.thresholds.map { "\(r.id).\($0.name) \($0.comparison) \($0.value) \($0.unit)" } }
            .sorted().joined(separator: "\n")
    }

    /// FNV-1a 64 of `canonicalThresholds`, 16 hex digits: equal hashes mean equal thresholds.
    public var thresholdsHash: String { FNV1a64.hex(canonicalThresholds) }

    public struct OverrideError: Error, CustomStringConvertible, Equatable {
        public var reason: String
        public var description: String { reason }
    }

    /// This table with the file's thresholds in place of the defaults; unknown rule ids or threshold names are refused.
    public func overriding(_ o: RuleOverrides) throws(OverrideError) -> RuleSet {
        var out = self
        for id in o.thresholds.keys.sorted() {
            guard let ri = out.rules.firstIndex(where: { $0.id == id }) else {
                throw OverrideError(reason: "thresholds.\(id): unknown rule id (known: \(rules.map(\.id).joined(separator: ", ")))")
            }
            for (name, value) in o.thresholds[id]!.sorted(by: { $0.key < $1.key }) {
                guard let ti = out.rules[ri].thresholds.firstIndex(where: { $0.name == name }) else {
                    let known = rules[ri].thresholds.map(\.name)
                    throw OverrideError(reason: "thresholds.\(id).\(name): unknown threshold"
                                        + (known.isEmpty ? " (this rule has none)" : " (known: \(known.joined(separator: ", ")))"))
                }
                guard value.isFinite else { throw OverrideError(reason: "thresholds.\(id).\(name): not a finite number") }
                out.rules[ri].thresholds[ti].value = value
            }
        }
        out.version = version + "+" + (o.version ?? "local")
        return out
    }
}
