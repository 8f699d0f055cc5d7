import VolumeCore

/// Rigid transform from the anatomical frame (where the anatomy is defined) to the scanner's LPS frame:
/// the head position of `PoseSpec`.
struct PhantomFrame: Sendable {
    let rotation: Matrix3
    let shift: SIMD3<Double>

    init(_ pose: PoseSpec) {
        let r = pose.rotationDeg
        let (a, b, c) = (r[0] * .pi / 180, r[1] * .pi / 180, r[2] * .pi / 180)
        let rx = Matrix3(columns: [1, 0, 0], [0, cos(a), sin(a)], [0, -sin(a), cos(a)])
        let ry = Matrix3(columns: [cos(b), 0, -sin(b)], [0, 1, 0], [sin(b), 0, cos(b)])
        let rz = Matrix3(columns: [cos(c), sin(c), 0], [-sin(c), cos(c), 0], [0, 0, 1])
        rotation = rz.multiplied(by: ry).multiplied(by: rx)
        shift = SIMD3(pose.shiftMm[0], pose.shiftMm[1], pose.shiftMm[2])
    }

    func toScanner(_ p: SIMD3<Double>) -> SIMD3<Double> { rotation * p + shift }
    func toAnatomy(_ p: SIMD3<Double>) -> SIMD3<Double> { rotation.transposed * (p - shift) }
    func directionToScanner(_ v: SIMD3<Double>) -> SIMD3<Double> { rotation * v }
}

import Foundation

extension Matrix3 {
    /// Matrix product self × other.
    func multiplied(by other: Matrix3) -> Matrix3 {
        Matrix3(columns: self * other.columns.0, self * other.columns.1, self * other.columns.2)
    }
}
