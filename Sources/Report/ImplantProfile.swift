import Foundation
import ImplantAnalysis
import Measurements

/// An implant's surface radius along its axis for drawing (the frame's: depths where the segmentation
/// found no edge already carry the nearest depth's radius).
struct ImplantProfile {
    let frame: ImplantFrame

    var length: Double { frame.length }
    var maxRadius: Double { frame.radii.max() ?? 2 }

    func radius(atDepth d: Double) -> Double { frame.radius(atDepth: d) }

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
