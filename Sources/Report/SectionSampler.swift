import VolumeCore

/// Resamples a volume on an oblique plane (in mm) by trilinear interpolation at each pixel's centre.
public enum SectionSampler {
    public static func sample(_ volume: Volume<Int16>, on plane: SectionPlane) -> SampledImage {
        var values = [Double](repeating: .nan, count: plane.width * plane.height)
        for r in 0..<plane.height {
            for c in 0..<plane.width {
                let p = plane.point(column: Double(c) + 0.5, row: Double(r) + 0.5)
                if let v = volume.sample(atPoint: p) { values[r * plane.width + c] = v }
            }
        }
        return SampledImage(width: plane.width, height: plane.height, values: values)
    }
}
