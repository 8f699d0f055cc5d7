import Testing
@testable import ScanIO

@Suite("NaturalOrder")
struct NaturalOrderTests {
    @Test("digit runs compare by value: s2 before s10")
    func numbersByValue() {
        let names = ["s10.png", "s2.png", "s1.png", "s12.png", "s11.png", "s3.png", "s20.png", "s100.png"]
        #expect(NaturalOrder.sorted(names)
            == ["s1.png", "s2.png", "s3.png", "s10.png", "s11.png", "s12.png", "s20.png", "s100.png"])
    }

    @Test("several digit runs: series then slice")
    func severalRuns() {
        let names = ["ct2_slice10", "ct10_slice1", "ct2_slice9", "ct1_slice100", "ct2_slice1"]
        #expect(NaturalOrder.sorted(names)
            == ["ct1_slice100", "ct2_slice1", "ct2_slice9", "ct2_slice10", "ct10_slice1"])
    }

    @Test("leading zeros do not count; ties fall back to the plain string")
    func leadingZeros() {
        let names = ["s1", "s010", "s01", "s9", "s001", "s2", "s0", "s00"]
        #expect(NaturalOrder.sorted(names) == ["s0", "s00", "s001", "s01", "s1", "s2", "s9", "s010"])
    }

    @Test("text compares case-insensitively; ties fall back to the plain string")
    func caseInsensitive() {
        let names = ["b.png", "A.png", "a.png", "B.png", "Slice2.png", "slice10.png", "SLICE1.png"]
        #expect(NaturalOrder.sorted(names)
            == ["A.png", "a.png", "B.png", "b.png", "SLICE1.png", "Slice2.png", "slice10.png"])
    }

    @Test("a digit against a non-digit compares as characters; a shorter name comes first")
    func digitsAgainstText() {
        let names = ["a_1.png", "a1.png", "a.png", "a-1.png", "a", "a1"]
        #expect(NaturalOrder.sorted(names) == ["a", "a-1.png", "a.png", "a1", "a1.png", "a_1.png"])
    }

    @Test("digit runs longer than any integer type")
    func longRuns() {
        let names = ["x100000000000000000000000", "x5", "x99999999999999999999999", "x0000000000000000000000007"]
        #expect(NaturalOrder.sorted(names)
            == ["x5", "x0000000000000000000000007", "x99999999999999999999999", "x100000000000000000000000"])
    }

    @Test("a strict order: irreflexive and antisymmetric on the examples")
    func strictOrder() {
        let names = ["s1", "s01", "S1", "s10", "s2", "a", "A", "", "1", "01"]
        for a in names {
            #expect(!NaturalOrder.areInIncreasingOrder(a, a))
            for b in names where a != b {
                #expect(NaturalOrder.areInIncreasingOrder(a, b) != NaturalOrder.areInIncreasingOrder(b, a))
            }
        }
    }

    @Test("sorting items by a derived name keeps the items")
    func sortedByName() {
        let paths = ["/scan/s10.png", "/scan/s9.png", "/scan/s1.png"]
        let order = NaturalOrder.sorted(paths) { $0.split(separator: "/").last.map(String.init) ?? $0 }
        #expect(order == ["/scan/s1.png", "/scan/s9.png", "/scan/s10.png"])
    }
}
