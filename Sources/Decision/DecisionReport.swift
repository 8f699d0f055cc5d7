import Measurements

/// Recommendations for the implants of one measurements file.
public struct DecisionReport: Codable, Sendable, Equatable {
    public struct ImplantRecommendation: Codable, Sendable, Equatable {
        /// 1-based, in the order of `measurements.json`.
        public var implant: Int
        public var recommendation: Recommendation

        public init(implant: Int, recommendation: Recommendation) {
            self.implant = implant
            self.recommendation = recommendation
        }
    }

    public var source: String
    public var implants: [ImplantRecommendation]

    public init(source: String, implants: [ImplantRecommendation]) {
        self.source = source
        self.implants = implants
    }

    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var reason: String
        public var description: String { reason }
    }

    /// Decides for the implant numbered `implant` (1-based), or for all. Findings belong to one site, so with
    /// findings and several implants the implant must be named.
    public static func decide(_ scan: ScanMeasurements, findings: ClinicalFindings?, rules: RuleSet,
                              implant: Int?) throws(Failure) -> DecisionReport {
        let count = scan.implants.count
        if let n = implant, !(1...max(1, count)).contains(n) || count == 0 {
            throw Failure(reason: "--implant \(n): the measurements hold \(count) implant\(count == 1 ? "" : "s")")
        }
        if findings != nil && implant == nil && count > 1 {
            throw Failure(reason: "findings describe one site but the measurements hold \(count) implants: give --implant 1…\(count)")
        }
        let numbers = implant.map { [$0] } ?? Array(0..<count).map { $0 + 1 }
        return DecisionReport(source: scan.scan.source, implants: numbers.map {
            ImplantRecommendation(implant: $0, recommendation: Decision.decide(implant: scan.implants[$0 - 1],
                                                                              findings: findings, rules: rules))
        })
    }
}
