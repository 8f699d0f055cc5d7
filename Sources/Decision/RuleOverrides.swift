import Measurements
/// A rules file: `{"version": "clinic-2025", "thresholds": {"explant.boneLoss": {"boneLossPercent": 60}}}`.
/// Only thresholds change; which rules exist and how they combine stays as in `RuleSet.standard`.
public struct RuleOverrides: Codable, Sendable, Equatable {
    /// Appended to the default version ("2025.1+clinic-2025"); "local" when absent.
    public var version: String?
    /// Rule id → threshold name → value (in the rule's unit).
    public var thresholds: [String: [String: Double]]

    public init(version: String? = nil, thresholds: [String: [String: Double]]) {
        self.version = version
        self.thresholds = thresholds
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case version, thresholds }

    public init(from decoder: Decoder) throws {
        try StrictKeys.refuseUnknown(decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(String.self, forKey: .version)
        thresholds = try c.decode([String: [String: Double]].self, forKey: .thresholds)
    }
}
