/// One decision rule: an id, what it decides, its thresholds (possibly none: a yes/no finding or a class) and
/// where the thresholds come from (CLINICAL.md §4).
public struct Rule: Codable, Sendable, Equatable {
    public struct Threshold: Codable, Sendable, Equatable {
        public var name: String
        /// How the input compares with the value for the rule to fire: ">", "≥", "<", "=".
        public var comparison: String
        public var value: Double
        public var unit: String

        public init(_ name: String, _ comparison: String, _ value: Double, _ unit: String) {
            self.name = name
            self.comparison = comparison
            self.value = value
            self.unit = unit
        }

        public var text: String {
            let v = value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
            return "\(name) \(comparison) \(v)\(unit.isEmpty ? "" : unit == "%" ? " %" : " \(unit)")"
        }
    }

    public var id: String
    public var description: String
    public var thresholds: [Threshold]
    public var source: String

    public init(id: String, description: String, thresholds: [Threshold] = [], source: String) {
        self.id = id
        self.description = description
        self.thresholds = thresholds
        self.source = source
    }

    /// The thresholds as text, or the description when the rule has none.
    public var thresholdText: String {
        thresholds.isEmpty ? description : thresholds.map(\.text).joined(separator: "; ")
    }
}
