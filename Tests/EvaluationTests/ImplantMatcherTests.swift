import Measurements
import Testing
@testable import Evaluation

@Suite struct ImplantMatcherTests {
    @Test func pairsByNearestShoulderWhateverTheOrder() {
        let a = truthImplant(), b = moved(truthImplant(), by: [8, 0, 0])
        // Reported in the other order, each 0.5 mm off its own truth and 7.5 mm from the other.
        let result = ImplantMatcher.match(truth: [a, b], measured: [moved(b, by: [0.5, 0, 0]), moved(a, by: [0, 0.5, 0])])
        #expect(result.pairs.map(\.truthIndex) == [0, 1])
        #expect(result.pairs.map(\.measuredIndex) == [1, 0])
        #expect(result.pairs.allSatisfy { abs($0.shoulderDistanceMm - 0.5) < 1e-12 })
        #expect(result.missedTruth.isEmpty && result.falseMeasured.isEmpty)
    }

    @Test func fartherThanThreeMillimetresIsMissedAndFalse() {
        let a = truthImplant()
        let within = ImplantMatcher.match(truth: [a], measured: [moved(a, by: [0, 0, 2.99])])
        #expect(within.pairs.count == 1)
        let beyond = ImplantMatcher.match(truth: [a], measured: [moved(a, by: [0, 0, 3.01])])
        #expect(beyond.pairs.isEmpty)
        #expect(beyond.missedTruth == [0])
        #expect(beyond.falseMeasured == [0])
    }

    @Test func closestPairWinsAContestedImplant() {
        // One report between two truths: 1 mm from the second, 2 mm from the first.
        let a = truthImplant(), b = moved(truthImplant(), by: [3, 0, 0])
        let result = ImplantMatcher.match(truth: [a, b], measured: [moved(a, by: [2, 0, 0])])
        #expect(result.pairs == [ImplantMatcher.Pair(truthIndex: 1, measuredIndex: 0, shoulderDistanceMm: 1)])
        #expect(result.missedTruth == [0])
        #expect(result.falseMeasured.isEmpty)
    }

    @Test func missingAndExtraImplantsAreCountedInTheCase() {
        let a = truthImplant(), b = moved(truthImplant(), by: [10, 0, 0])
        let crown = moved(truthImplant(), by: [-12, 0, 0])
        let result = CaseResult(label: "seed 1", seed: 1, voxelMm: 0.2, truth: [a, b], nonImplantMetalObjects: 1,
                                grayScale: 1, grayOffset: 0, measured: scan([a, crown]))
        #expect(result.implants.map(\.truthIndex) == [0])
        #expect(result.missed == [1])
        #expect(result.falseImplants == [1])
        #expect(result.metalReportedAsImplants == 1)
        #expect(result.implants[0].label == "seed 1 #0")
    }
}
