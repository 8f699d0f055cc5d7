/// Trilinear interpolation at continuous indices and LPS points.
extension Volume where Voxel == Int16 {
    /// Value at a continuous index (voxel centres at whole numbers), or `nil` outside the volume.
    @inlinable
    public func sample(atIndex p: SIMD3<Double>) -> Double? {
        let maxIndex = SIMD3<Double>(Double(size.x - 1), Double(size.y - 1), Double(size.z - 1))
        guard all(p .>= .zero), all(p .<= maxIndex) else { return nil }
        let f = p.rounded(.down)
        var i0 = SIMD3<Int>(Int(f.x), Int(f.y), Int(f.z))
        var t = p - f
        // On the last plane along an axis, step back one voxel so that i0 + 1 stays inside.
        for a in 0..<3 where i0[a] == size[a] - 1 && size[a] > 1 {
            i0[a] -= 1; t[a] = 1
        }
        let dx = size.x > 1 ? 1 : 0, dy = size.y > 1 ? size.x : 0, dz = size.z > 1 ? sliceCount : 0
        return withUnsafeBufferPointer { v in
            let o = offset(x: i0.x, y: i0.y, z: i0.z)
            let c000 = Double(v[o]), c100 = Double(v[o + dx])
            let c010 = Double(v[o + dy]), c110 = Double(v[o + dy + dx])
            let c001 = Double(v[o + dz]), c101 = Double(v[o + dz + dx])
            let c011 = Double(v[o + dz + dy]), c111 = Double(v[o + dz + dy + dx])
            let c00 = c000 + (c100 - c000) * t.x, c10 = c010 + (c110 - c010) * t.x
            let c01 = c001 + (c101 - c001) * t.x, c11 = c011 + (c111 - c011) * t.x
            let c0 = c00 + (c10 - c00) * t.y, c1 = c01 + (c11 - c01) * t.y
            return c0 + (c1 - c0) * t.z
        }
    }

    /// Value at an LPS point (mm), or `nil` outside the volume.
    @inlinable
    public func sample(atPoint point: SIMD3<Double>) -> Double? {
        sample(atIndex: geometry.continuousIndex(ofPoint: point))
    }
}
