import VolumeCore

/// Writes a HU volume as NRRD (raw little-endian int16 in LPS space) for 3D Slicer and ITK-SNAP.
public enum NRRDWriter {
    /// The NRRD header for `volume` (ends with the blank line that precedes the data).
    public static func header(for volume: Volume<Int16>) -> String {
        let g = volume.geometry
        let (dx, dy, dz) = g.direction.columns
        func vector(_ v: SIMD3<Double>) -> String { "(\(v.x),\(v.y),\(v.z))" }
        return """
        NRRD0004
        # Written by ImplantScan: HU after Rescale Slope/Intercept, clamped to int16.
        type: int16
        dimension: 3
        space: left-posterior-superior
        sizes: \(volume.size.x) \(volume.size.y) \(volume.size.z)
        space directions: \(vector(dx * g.spacing.x)) \(vector(dy * g.spacing.y)) \(vector(dz * g.spacing.z))
        kinds: domain domain domain
        endian: little
        encoding: raw
        space origin: \(vector(g.origin))


        """
    }

    /// Writes `volume` to `path` through a temporary file renamed into place.
    public static func write(_ volume: Volume<Int16>, to path: String) throws(OutputError) {
        let file = try AtomicFile(path: path)
        try file.write(header(for: volume))
        // Int16 in memory is little endian on every platform this builds for.
        try volume.withUnsafeBufferPointer { (voxels) throws(OutputError) in
            try file.write(UnsafeRawBufferPointer(voxels))
        }
        try file.commit()
    }
}
