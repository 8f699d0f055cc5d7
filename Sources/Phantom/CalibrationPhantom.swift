/// The scan a device is calibrated on (`implantscan calibrate`): a titanium implant standing in a uniform block of
/// bone-equivalent material of known density, inside a body of soft-tissue-equivalent material that fills most of the
/// field (so that the histogram's tallest peak is soft tissue, as in a head), taken with the device's voxel size, gray
/// scale, blur, noise, blooming and streaks.
public enum CalibrationPhantom {
    /// The insert's density (HU): bone-equivalent, in the middle of Misch's D3 range (350–850 HU; CLINICAL.md §2.6),
    /// where the density shells of most phantoms lie.
    public static let insertHU = 800.0
    /// Width of the block: the fit reads 6 mm beyond the implant's threads on every side (`BloomingCalibrator`).
    public static let insertWidthMm = 20.0
    /// Soft tissue over the block, and the field of view (mm): the body fills more of the field than the block.
    public static let bodyOverInsertMm = 10.0
    public static let fieldOfViewMm = [40.0, 40.0, 32.0]

    /// The calibration scan of the device that took `scan`.
    public static func spec(device scan: PhantomSpec) -> PhantomSpec {
        var s = PhantomSpec()
        s.volume.voxelMm = scan.volume.voxelMm
        s.volume.grayScale = scan.volume.grayScale
        s.volume.grayOffset = scan.volume.grayOffset
        s.volume.bitsStored = scan.volume.bitsStored
        s.volume.fieldOfViewMm = fieldOfViewMm
        s.degradation = scan.degradation
        s.anatomy.ridgeWidthMm = insertWidthMm
        s.anatomy.crestCurvaturePerMm = 0
        s.anatomy.ridgeFlarePerMm = 0
        s.anatomy.softTissueMm = bodyOverInsertMm
        s.anatomy.corticalThicknessMm = 0
        s.anatomy.cancellousHU = insertHU
        s.anatomy.cancellousTextureHU = 0
        s.implants = [ImplantSpec()]
        return s
    }
}
