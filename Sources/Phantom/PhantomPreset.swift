/// Named specs for the clinical situations ImplantScan must handle (the SampleScans are made from these).
public enum PhantomPreset: String, CaseIterable, Sendable {
    case healthy
    case intrabonyIe = "intrabony-ie"
    case dehiscenceIa = "dehiscence-ia"
    case supracrestalRemoval = "supracrestal-removal"
    case twoImplantsCrown = "two-implants-crown"
    case zirconia
    case tilted
    case fillingsOnly = "fillings-only"

    public var summary: String {
        switch self {
        case .healthy: return "titanium 4.1 × 10 mm bone-level implant, bone at the shoulder"
        case .intrabonyIe: return "circumferential intrabony defect (Schwarz Ie), 4 mm deep, 1.5 mm wide"
        case .dehiscenceIa: return "buccal dehiscence (Schwarz Ia), 5 mm, on a 0.8 mm buccal wall"
        case .supracrestalRemoval: return "supracrestal loss (Schwarz II) of 6.5 mm on an 11 mm implant (> 50 %)"
        case .twoImplantsCrown: return "two implants (healthy; Ic 3.5 mm) beside a tooth with a metal crown"
        case .zirconia: return "zirconia implant with a semicircular defect (Ib), 3 mm"
        case .tilted: return "implant tilted 15° buccally and 8° mesially, circumferential loss (Ic) 3 mm"
        case .fillingsOnly: return "no implant: natural teeth with amalgam fillings and a metal crown"
        }
    }

    public var spec: PhantomSpec {
        var s = PhantomSpec()
        switch self {
        case .healthy:
            s.implants = [ImplantSpec(archAngleDeg: 30, diameterMm: 4.1, lengthMm: 10)]
        case .intrabonyIe:
            s.implants = [ImplantSpec(archAngleDeg: 30, diameterMm: 4.1, lengthMm: 10,
                                      defect: DefectSpec(schwarzClass: "Ie", depthMm: 4, widthMm: 1.5))]
            s.anatomy.ridgeWidthMm = 10
        case .dehiscenceIa:
            s.volume.voxelMm = 0.2
            s.volume.fieldOfViewMm = [20, 20, 20]
            s.implants = [ImplantSpec(archAngleDeg: 30, diameterMm: 4.1, lengthMm: 10, buccalWallMm: 0.8,
                                      defect: DefectSpec(schwarzClass: "Ia", depthMm: 5))]
        case .supracrestalRemoval:
            s.volume.voxelMm = 0.3
            s.implants = [ImplantSpec(archAngleDeg: 30, diameterMm: 4.1, lengthMm: 11,
                                      defect: DefectSpec(schwarzClass: "II", depthMm: 6.5))]
        case .twoImplantsCrown:
            s.volume.fieldOfViewMm = [32, 26, 24]
            s.implants = [
                ImplantSpec(archAngleDeg: 22, diameterMm: 4.1, lengthMm: 10),
                ImplantSpec(archAngleDeg: 40, diameterMm: 4.8, lengthMm: 10,
                            defect: DefectSpec(schwarzClass: "Ic", depthMm: 3.5, widthMm: 1.2)),
            ]
            s.teeth = [ToothSpec(archAngleDeg: 5, crown: "metal")]
        case .zirconia:
            s.implants = [ImplantSpec(archAngleDeg: 30, diameterMm: 4.1, lengthMm: 10, material: "zirconia",
                                      defect: DefectSpec(schwarzClass: "Ib", depthMm: 3, widthMm: 1.0))]
            s.degradation.bloomingScale = 1.5
            s.degradation.streakHU = 300
        case .tilted:
            s.volume.grayScale = 0.9
            s.volume.grayOffset = -60
            s.implants = [ImplantSpec(archAngleDeg: 35, diameterMm: 3.75, lengthMm: 11.5, tiltBuccalDeg: 15,
                                      tiltMesialDeg: 8,
                                      defect: DefectSpec(schwarzClass: "Ic", depthMm: 3, widthMm: 1.0))]
            s.anatomy.ridgeWidthMm = 10
            s.pose = PoseSpec(rotationDeg: [6, -4, 10], shiftMm: [1.5, -2, 0.5])
        case .fillingsOnly:
            s.volume.fieldOfViewMm = [30, 24, 24]
            s.teeth = [ToothSpec(archAngleDeg: 15, fillingRadiusMm: 1.5), ToothSpec(archAngleDeg: 32, crown: "metal"),
                       ToothSpec(archAngleDeg: 48, fillingRadiusMm: 1.0)]
        }
        return s
    }
}
