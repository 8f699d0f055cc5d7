import Foundation
import Measurements
import Testing
@testable import Batch

@Suite struct ShardTests {
    @Test func parsesIndexOverCount() {
        #expect(Shard(parsing: "0/3") == Shard(index: 0, count: 3))
        #expect(Shard(parsing: "2/3") == Shard(index: 2, count: 3))
        for bad in ["3/3", "-1/3", "1/0", "1", "a/b", "1/2/3", ""] { #expect(Shard(parsing: bad) == nil) }
    }

    /// FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the published test vector): 12 682 136 324 298 968 204,
    /// which is 0 mod 2 and 1 mod 3 by hand.
    @Test func assignsByFNVOfThePath() {
        #expect(Shard(index: 0, count: 2).contains("a"))
        #expect(Shard(index: 1, count: 3).contains("a"))
        #expect(!Shard(index: 0, count: 3).contains("a"))
    }

    @Test func shardsPartitionTheScans() {
        let scans = (0..<200).map { "clinic\($0 % 7)/patient\($0)/series1" }
        let shards = (0..<4).map { i in Set(scans.filter(Shard(index: i, count: 4).contains)) }
        #expect(shards.map(\.count).reduce(0, +) == scans.count)
        #expect(shards.reduce(Set<String>()) { $0.union($1) } == Set(scans))
        #expect(shards.allSatisfy { $0.count > 20 })  // 50 expected each; FNV spreads them
    }
}
