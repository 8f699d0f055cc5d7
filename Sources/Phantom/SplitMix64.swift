/// A small, fast, seeded generator (SplitMix64): the same seed gives the same sequence everywhere.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// The finaliser on its own: a counter-based hash, for per-voxel values independent of thread order.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal value determined by (seed, index) alone (Box–Muller on two hashed uniforms).
    static func gaussian(seed: UInt64, index: UInt64) -> Double {
        let a = mix(seed &+ index &* 0x9E37_79B9_7F4A_7C15)
        let b = mix(a ^ 0xD1B5_4A32_D192_ED03)
        let u1 = (Double(a >> 11) + 1) * 0x1.0p-53  // (0, 1]
        let u2 = Double(b >> 11) * 0x1.0p-53
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

import Foundation
