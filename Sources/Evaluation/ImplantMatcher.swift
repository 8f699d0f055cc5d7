import Measurements

/// Pairs the implants of the truth with the implants the analysis reported, by the distance between
/// their shoulders (LPS, mm): the closest pair first, each implant in at most one pair, no pair farther
/// apart than `maxShoulderDistanceMm`. What is left over on either side is counted, not compared.
public enum ImplantMatcher {
    /// Farther apart than this, a reported implant is not the truth's implant (the matching radius).
    public static let maxShoulderDistanceMm = 3.0

    public struct Pair: Codable, Sendable, Equatable {
        public var truthIndex: Int
        public var measuredIndex: Int
        public var shoulderDistanceMm: Double

        public init(truthIndex: Int, measuredIndex: Int, shoulderDistanceMm: Double) {
            self.truthIndex = truthIndex
            self.measuredIndex = measuredIndex
            self.shoulderDistanceMm = shoulderDistanceMm
        }
    }

    public struct Result: Codable, Sendable, Equatable {
        /// Ordered by the truth index.
        public var pairs: [Pair]
        /// Truth implants with no reported implant within the radius (missed implants).
        public var missedTruth: [Int]
        /// Reported implants with no truth implant within the radius (false implants).
        public var falseMeasured: [Int]
    }

    public static func match(truth: [ImplantMeasurement], measured: [ImplantMeasurement],
                             maxDistanceMm: Double = maxShoulderDistanceMm) -> Result {
        var candidates: [Pair] = []
        for (t, a) in truth.enumerated() {
            for (m, b) in measured.enumerated() {
                guard let d = distance(a.shoulderMm, b.shoulderMm), d <= maxDistanceMm else { continue }
                candidates.append(Pair(truthIndex: t, measuredIndex: m, shoulderDistanceMm: d))
            }
        }
        // Closest first; ties broken by index so that the result does not depend on the sort.
        candidates.sort {
            ($0.shoulderDistanceMm, $0.truthIndex, $0.measuredIndex) < ($1.shoulderDistanceMm, $1.truthIndex, $1.measuredIndex)
        }
        var truthTaken = Set<Int>(), measuredTaken = Set<Int>(), pairs: [Pair] = []
        for c in candidates where !truthTaken.contains(c.truthIndex) && !measuredTaken.contains(c.measuredIndex) {
            truthTaken.insert(c.truthIndex)
            measuredTaken.insert(c.measuredIndex)
            pairs.append(c)
        }
        pairs.sort { $0.truthIndex < $1.truthIndex }
        return Result(pairs: pairs,
                      missedTruth: truth.indices.filter { !truthTaken.contains($0) },
                      falseMeasured: measured.indices.filter { !measuredTaken.contains($0) })
    }

    /// Euclidean distance of two LPS points; nil when either is not a finite 3-vector.
    static func distance(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count == 3, b.count == 3 else { return nil }
        let d = ((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2])).squareRoot()
        return d.isFinite ? d : nil
    }
}
