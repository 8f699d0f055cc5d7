import Foundation

/// A smooth, seeded texture with zero mean and unit variance over large regions: a sum of plane waves
/// with random directions, phases and periods between 0.7 and 1.4 times the trabecular period.
struct TrabecularTexture: Sendable {
    private let directions: [SIMD3<Double>]
    private let phases: [Double]
    private let scale: Double

    init(periodMm: Double, seed: UInt64, waves: Int = 8) {
        var rng = SplitMix64(seed: seed ^ 0x7E57)
        var dirs: [SIMD3<Double>] = []
        var phs: [Double] = []
        for _ in 0..<waves {
            // Uniform direction on the sphere.
            let z = rng.nextUnit() * 2 - 1, a = rng.nextUnit() * 2 * .pi
            let r = (1 - z * z).squareRoot()
            let period = periodMm * (0.7 + 0.7 * rng.nextUnit())
            dirs.append(SIMD3(r * cos(a), r * sin(a), z) * (2 * .pi / period))
            phs.append(rng.nextUnit() * 2 * .pi)
        }
        directions = dirs
        phases = phs
        scale = (2.0 / Double(waves)).squareRoot()
    }

    func value(at p: SIMD3<Double>) -> Double {
        var sum = 0.0
        for i in directions.indices { sum += sin((directions[i] * p).sum() + phases[i]) }
        return sum * scale
    }
}
