import Dispatch
import Foundation
import VolumeCore

/// Blooming and streaks around metal, added to the rendered HU.
///
/// Blooming raises a positive gray value by a fraction of it that falls with the distance to the
/// metal: 45 % at 0.5 mm, 28 % at 1 mm and 14 % at 2 mm (Benic 2013, CLINICAL.md §1), interpolated
/// log-linearly; the 50 % at the surface and the fall to 3 % at 4 mm and 0 at 6 mm are this phantom's
/// extrapolation. Air and fat (≤ 0 HU) are left as they are. Streaks are narrow bright and dark lines through each metal object in the scanner's
/// axial planes, fading with distance.
enum MetalArtifacts {
    static let bloomingTable: [(distanceMm: Double, fraction: Double)] = [
        (0, 0.50), (0.5, 0.45), (1, 0.28), (2, 0.14), (4, 0.03), (6, 0),
    ]
    static let streakWidthMm = 0.35
    static let streakFalloffMm = 10.0
    static let streakReachMm = 25.0

    static func bloomingFraction(atDistance d: Double) -> Double {
        let t = bloomingTable
        if d >= t[t.count - 1].distanceMm { return 0 }
        for i in 1..<t.count where d < t[i].distanceMm {
            let (d0, f0) = t[i - 1], (d1, f1) = t[i]
            let w = (d - d0) / (d1 - d0)
            return f1 == 0 ? f0 * (1 - w) : exp(log(f0) + (log(f1) - log(f0)) * w)
        }
        return 0
    }

    /// A metal object's streak source: its centre line and seeded streak directions and amplitudes.
    struct Source: Sendable {
        /// LPS point and direction of the object's axis (direction nil: a single centre point).
        var point: SIMD3<Double>
        var axis: SIMD3<Double>?
        var halfExtent: Double
        /// Radius of the object about its centre segment (or centre point), for the blooming reach.
        var radius: Double
        var angles: [Double]
        var amplitudes: [Double]
    }

    static func sources(_ scene: PhantomScene, seed: UInt64) -> [Source] {
        let d = scene.spec.degradation
        var rng = SplitMix64(seed: seed ^ 0x5743_4541_4B53)
        func streaks() -> ([Double], [Double]) {
            var a: [Double] = [], m: [Double] = []
            for k in 0..<d.streakCount {
                a.append(rng.nextUnit() * .pi)
                m.append(d.streakHU * (k % 2 == 0 ? -1 : 1) * (0.5 + 0.5 * rng.nextUnit()))
            }
            return (a, m)
        }
        var out: [Source] = []
        for implant in scene.implants {
            let (a, m) = streaks()
            out.append(Source(point: scene.frame.toScanner(implant.boundingCenter),
                              axis: scene.frame.directionToScanner(implant.axis),
                              halfExtent: implant.lengthMm / 2, radius: implant.radiusMm, angles: a, amplitudes: m))
        }
        for tooth in scene.teeth {
            guard let c = tooth.metalCenter else { continue }
            let (a, m) = streaks()
            out.append(Source(point: scene.frame.toScanner(c), axis: nil, halfExtent: Tooth.crownSemiAxes.z,
                              radius: Tooth.crownSemiAxes.max(), angles: a, amplitudes: m))
        }
        return out
    }

    /// The blooming of a voxel that may hold metal (its centre within half a diagonal of it), per point of its
    /// `points`³ grid as the rasterizer averages it: each tissue point raised by its own distance's fraction, metal
    /// points left as they are. Raising the whole partial-volume value by the centre's fraction raised the metal's
    /// share too: a titanium cylinder in 1000 HU bone had voxels of 2848 HU, above the titanium's 2800, and the
    /// healthy preset's implant (bone at its neck, 0.25 mm voxels) read 0.06 mm wider than with this.
    static func tissueBlooming(_ scene: PhantomScene, _ g: VolumeGeometry, _ x: Int, _ y: Int, _ z: Int, points n: Int) -> Double {
        var sum = 0.0
        for k in 0..<n {
            for j in 0..<n {
                for i in 0..<n {
                    let offset = (SIMD3(Double(i), Double(j), Double(k)) + 0.5) / Double(n) - 0.5
                    let q = scene.frame.toAnatomy(g.physicalPoint(ofIndex: SIMD3(Double(x), Double(y), Double(z)) + offset))
                    let metal = scene.metalDistance(q)
                    if metal > 0 { sum += bloomingFraction(atDistance: metal) * max(scene.hu(at: q), 0) }
                }
            }
        }
        return sum / Double(n * n * n)
    }

    /// Blooming is computed only this far (in 3D, from an object's centre segment or centre point) beyond its radius.
    static let bloomingReachMm = 6.0

    /// Adds blooming and streaks to `hu` (x fastest) in place.
    static func apply(_ scene: PhantomScene, geometry: VolumeGeometry, size: SIMD3<Int>, seed: UInt64, to hu: inout [Float]) {
        let d = scene.spec.degradation
        let sources = self.sources(scene, seed: seed)
        guard !sources.isEmpty else { return }
        // Flat per-line arrays so the per-voxel loop copies nothing reference-counted.
        var directions: [SIMD2<Double>] = [], amplitudes: [Double] = [], ends: [Int] = []
        for s in sources {
            for k in s.angles.indices {
                directions.append(SIMD2(cos(s.angles[k]), sin(s.angles[k])))
                amplitudes.append(s.amplitudes[k])
            }
            ends.append(directions.count)
        }
        let lineDirections = directions, lineAmplitudes = amplitudes, lineEnds = ends
        let centers = sources.map(\.point), axes = sources.map { $0.axis ?? .zero }, halves = sources.map(\.halfExtent)
        let bloomReach2 = sources.map { ($0.radius + bloomingReachMm) * ($0.radius + bloomingReachMm) }
        let scale = d.bloomingScale
        let (nx, ny, nz) = (size.x, size.y, size.z)
        let straddle = 0.5 * length(geometry.spacing), points = d.supersampling
        let width2 = streakWidthMm * streakWidthMm, cutoff2 = 9 * width2
        hu.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: nz) { z in
                let out = shared.value + z * nx * ny
                for y in 0..<ny {
                    for x in 0..<nx {
                        let p = geometry.physicalPoint(ofIndex: SIMD3(Double(x), Double(y), Double(z)))
                        var delta = 0.0
                        var bloom = false
                        var first = 0
                        for i in centers.indices {
                            defer { first = lineEnds[i] }
                            // Blooming falls with the 3D distance to the metal, beyond the ends as beside the body:
                            // the voxel is bloomed if it lies within reach of the object's centre segment.
                            let a = axes[i]
                            let offset = p - centers[i]
                            let along = min(max((offset * a).sum(), -halves[i]), halves[i])
                            let across = offset - a * along
                            if (across * across).sum() < bloomReach2[i] { bloom = true }
                            // The source's centre in this axial plane, for the streaks.
                            var c = centers[i]
                            if abs(a.z) > 1e-6 {
                                let t = (p.z - c.z) / a.z
                                if abs(t) > halves[i] { continue }
                                c += a * t
                            } else if abs(p.z - c.z) > halves[i] { continue }
                            let v = SIMD2(p.x - c.x, p.y - c.y)
                            let r2 = (v * v).sum()
                            if r2 > streakReachMm * streakReachMm { continue }
                            let r = r2.squareRoot()
                            let fade = exp(-r / streakFalloffMm)
                            for k in first..<lineEnds[i] {
                                let dir = lineDirections[k]
                                let across = v.x * dir.y - v.y * dir.x
                                let across2 = across * across
                                if across2 < cutoff2 { delta += lineAmplitudes[k] * exp(-across2 / width2) * fade }
                            }
                        }
                        if delta == 0 && !bloom { continue }
                        let metal = scene.metalDistance(scene.frame.toAnatomy(p))
                        let value = Double(out[y * nx + x])
                        if metal <= 0 { delta = 0 }  // no streak inside metal
                        if bloom {
                            // A voxel that may hold metal has only its tissue bloomed, each point by its own distance.
                            delta += scale * (metal < straddle ? tissueBlooming(scene, geometry, x, y, z, points: points)
                                                               : bloomingFraction(atDistance: metal) * max(value, 0))
                        }
                        out[y * nx + x] = Float(value + delta)
                    }
                }
            }
        }
    }
}
