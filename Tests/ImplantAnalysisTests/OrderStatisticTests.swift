import Foundation
import Measurements
import Phantom
import Testing
import VolumeCore
@testable import ImplantAnalysis

@Suite struct OrderStatisticTests {
    /// Quickselect gives exactly the sorted array's k-th value, with many ties and in sorted, reversed
    /// and shuffled orders.
    @Test func selectEqualsSorting() {
        var rng = SystemRandomNumberGenerator()
        for n in [1, 2, 3, 10, 101, 1000] {
            let base = (0..<n).map { _ in Double(Int.random(in: -20...20, using: &rng)) * 0.5 }
            let sorted = base.sorted()
            for order in [base, sorted, Array(sorted.reversed())] {
                for k in Set([0, n / 10, n / 2, (9 * n) / 10, n - 1]) {
                    var values = order
                    #expect(OrderStatistic.select(k, in: &values) == sorted[k], "n \(n) k \(k)")
                }
            }
        }
    }
}
