import Dispatch
import Foundation
import VolumeCore

/// The last step of the scanner: noise, the uncalibrated gray scale, and unsigned integer storage.
/// gray = (HU + noise) × grayScale + grayOffset; stored = round(gray − rescaleIntercept), saturating at
/// 0 and 2^bitsStored − 1 (the clamped values at the top of the range that metal produces).
enum ScannerModel {
    /// RescaleIntercept written with the stored values (slope 1), so that loading gives the gray value.
    static let rescaleIntercept = -1100.0

    static func store(_ hu: [Float], size: SIMD3<Int>, geometry: VolumeGeometry, spec: PhantomSpec,
                      seed: UInt64) -> (stored: Volume<UInt16>, saturated: Int) {
        var volume = Volume<UInt16>(size: size, geometry: geometry, repeating: 0)
        let top = Double((1 << spec.volume.bitsStored) - 1)
        let sd = spec.degradation.noiseSDHU, scale = spec.volume.grayScale, offset = spec.volume.grayOffset
        let slice = size.x * size.y
        let saturated = hu.withUnsafeBufferPointer { input in
            volume.withUnsafeMutableBufferPointer { output in
                let src = UnsafeSendable(input.baseAddress!), dst = UnsafeSendable(output.baseAddress!)
                let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: size.z)
                defer { counts.deallocate() }
                let shared = UnsafeSendable(counts)
                DispatchQueue.concurrentPerform(iterations: size.z) { z in
                    var saturated = 0
                    for i in (z * slice)..<((z + 1) * slice) {
                        let noise = sd > 0 ? sd * SplitMix64.gaussian(seed: seed, index: UInt64(i)) : 0
                        let stored = ((Double(src.value[i]) + noise) * scale + offset - rescaleIntercept).rounded()
                        if stored >= top || stored <= 0 { saturated += 1 }
                        dst.value[i] = UInt16(min(max(stored, 0), top))
                    }
                    shared.value[z] = saturated
                }
                return counts.reduce(0, +)
            }
        }
        return (volume, saturated)
    }
}
