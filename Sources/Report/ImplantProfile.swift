import Foundation
import ImplantAnalysis
import Measurements

/// An implant's surface radius along its axis for drawing, with depths where the segmentation found no
/// edge (radius 0) filled from the nearest depth that has one.
struct ImplantProfile {
    let frame: ImplantFrame
    private let radii: [Double]

    init(frame: ImplantFrame) {
        self.frame = frame
        var r = frame.radii
        let known = r.indices.filter { r[$0] > 0 }
        if known.isEmpty {
            r = [Double](repeating: 2, count: max(1, r.count))
        } else {
            for i in r.indices where r[i] <= 0 {
                let nearest = known.min { abs($0 - i) < abs($1 - i) }!
                r[i] = r[nearest]
            }
        }
        radii = r
    }

    var length: Double { frame.length }
    var maxRadius: Double { radii.max() ?? 2 }

    func radius(atDepth d: Double) -> Double {
        let x = min(max(d / frame.radiusStep, 0), Double(radii.count - 1))
        let i = Int(x), f = x - Double(i)
        return i + 1 < radii.count ? radii[i] * (1 - f) + radii[i + 1] * f : radii[i]
    }

    /// Depths from the shoulder to the apex every `step` mm, both ends included.
    func depths(step: Double) -> [Double] {
        let n = max(1, Int((length / step).rounded(.up)))
        return (0...n).map { min(length, Double($0) * step) }
    }

    /// Unit direction perpendicular to the axis at an angle (0° buccal, 90° mesial).
    func direction(angleDeg a: Double) -> SIMD3<Double> {
        let r = a * .pi / 180
        return frame.buccal * cos(r) + frame.mesial * sin(r)
    }

    /// Bone level of the measured sector at an angle (sectors are 5° apart, 0° buccal).
    static func sectorLevel(_ m: ImplantMeasurement, angleDeg: Double) -> Double? {
        m.sectors.min { SectorGeometry.angularDistance($0.angleDeg, angleDeg) < SectorGeometry.angularDistance($1.angleDeg, angleDeg) }
            .map(\.boneLevelMm)
    }
}
