import Foundation
import Measurements
import VolumeCore

/// The exact value of every measurement of CLINICAL.md §2 for one implant of a phantom, computed from
/// the scene's geometry (not from the degraded image), under the same definitions the analysis uses.
struct GroundTruth {
    let scene: PhantomScene

    /// Bone is looked for this far outside the metal surface (bone-to-implant contact).
    static let contactOffsetMm = 0.1
    /// First bone-to-implant contact: bone present continuously for this long (CLINICAL.md §2.3).
    static let continuousBoneMm = 0.5
    static let depthStepMm = 0.01
    /// Wall thickness depths below the shoulder, and ridge width depths below the crest (CLINICAL.md §2.5, §2.7).
    static let wallDepthsMm = [1.0, 3.0, 5.0]
    static let ridgeDepthsMm = [1.0, 3.0, 5.0]
    /// Density shells, as distances from the implant surface (CLINICAL.md §2.6).
    static let shells: [(inner: Double, outer: Double)] = [(1, 2), (2, 3)]
    static let beyondApexLimitMm = 10.0
    static let rayStepMm = 0.005
    static let rayReachMm = 15.0

    func isBone(_ p: SIMD3<Double>) -> Bool { scene.tissue(at: p).isBone }

    /// Shoulder-to-first-contact distance in one direction; the implant length when no bone touches it.
    func boneLevel(_ implant: ImplantBody, angleDeg: Double) -> Double {
        let length = implant.lengthMm
        let steps = Int((length / Self.depthStepMm).rounded())
        var runStart: Double?
        for i in 0...steps {
            let d = Double(i) * Self.depthStepMm
            let p = implant.point(depth: d, radius: implant.surfaceRadius(atDepth: d) + Self.contactOffsetMm, angleDeg: angleDeg)
            if isBone(p) {
                let start = runStart ?? d
                runStart = start
                if d - start >= Self.continuousBoneMm - 1e-9 { return start }
            } else {
                runStart = nil
            }
        }
        return runStart ?? length
    }

    /// Rays a sector's level is read on, in degrees from its centre: the centres of its four quarters.
    static let sectorRayOffsetsDeg = [-0.375, -0.125, 0.125, 0.375].map { $0 * SectorGeometry.sectorWidthDeg }

    /// Bone level of the 5° sector centred on `angleDeg`: the mean of `boneLevel` on the centres of its four
    /// quarters. A defect edge can lie on a sector's centre line (a half moat ends at exactly ±90°, the mesial and
    /// distal sectors); there the centre ray alone says "defect" or "bone" by the phantom's `≤`, while the wedge
    /// is half of each, as the image shows it.
    func sectorLevel(_ implant: ImplantBody, angleDeg: Double) -> Double {
        Self.sectorRayOffsetsDeg.reduce(0) { $0 + boneLevel(implant, angleDeg: angleDeg + $1) } / Double(Self.sectorRayOffsetsDeg.count)
    }

    /// Length of the first run of bone along a ray from `radius` outwards, perpendicular to the axis.
    func boneRun(_ implant: ImplantBody, depth: Double, from radius: Double, angleDeg: Double,
                 isBone: (SIMD3<Double>) -> Bool) -> Double {
        var start: Double?
        var r = radius
        while r <= radius + Self.rayReachMm {
            let bone = isBone(implant.point(depth: depth, radius: r, angleDeg: angleDeg))
            if bone && start == nil { start = r }
            if !bone, let s = start { return r - s }
            r += Self.rayStepMm
        }
        return start.map { r - $0 } ?? 0
    }

    /// Distance from the axis to the outermost bone in one direction at one depth (0 when none).
    func boneExtent(_ implant: ImplantBody, depth: Double, angleDeg: Double) -> Double {
        var r = Self.rayReachMm
        while r > 0 {
            if isBone(implant.point(depth: depth, radius: r, angleDeg: angleDeg)) { return r }
            r -= Self.rayStepMm
        }
        return 0
    }

    func boneBeyondApex(_ implant: ImplantBody) -> Double {
        var d = implant.lengthMm + Self.rayStepMm
        while d <= implant.lengthMm + Self.beyondApexLimitMm {
            if !isBone(implant.point(depth: d, radius: 0, angleDeg: 0)) { break }
            d += Self.rayStepMm
        }
        return min(Self.beyondApexLimitMm, d - implant.lengthMm - Self.rayStepMm)
    }

    /// The shells' cells whose corners and centre do not all hold one tissue are integrated along lines, each tissue
    /// over its part of a line, the boundary found by bisection; a cell that a boundary crosses in both depth and
    /// radius (a defect's corner) on this many radial lines. The midpoint rule alone placed a boundary anywhere within
    /// its 0.1 mm cell: a defect's wall standing 0.24 mm inside the 1–2 mm shell was integrated as 0.2 mm, and that
    /// shell's mean read 45 HU high (seed 11 #0, a 1.24 mm wide Ie defect: 808 HU, against 764 HU on a 0.05 mm grid,
    /// 772 HU from the noise-free phantom scanned at 0.1 mm, and 773 HU now).
    static let boundaryCellPoints = 16

    func densityShells(_ implant: ImplantBody, voxelVolume: Double) -> [DensityShell] {
        let length = implant.lengthMm
        let thirds = [("coronal", 0.0, length / 3), ("middle", length / 3, 2 * length / 3), ("apical", 2 * length / 3, length)]
        // Midpoint rule on a cylindrical grid of about 0.1 mm × 0.1 mm × 3°, weighted by the radius; cells across a
        // tissue boundary in depth or radius are integrated along lines (`boundaryCellPoints`).
        let angles = 120, dphi = 360.0 / Double(angles), fine = Self.boundaryCellPoints
        var result: [DensityShell] = []
        for shell in Self.shells {
            let radial = Int(((shell.outer - shell.inner) / 0.1).rounded()), dr = (shell.outer - shell.inner) / Double(radial)
            for (name, top, bottom) in thirds {
                let depths = Int(((bottom - top) / 0.1).rounded()), dd = (bottom - top) / Double(depths)
                // Depth and radius of a point given in cells from the shell's top and inner face.
                func place(_ i: Double, _ j: Double) -> (radius: Double, depth: Double) {
                    let d = top + i * dd
                    return (implant.outerRadius(atDepth: d) + shell.inner + j * dr, d)
                }
                var samples: [(value: Double, weight: Double)] = []
                samples.reserveCapacity(depths * radial * angles)
                for k in 0..<angles {
                    let phi = (Double(k) + 0.5) * dphi
                    func point(_ i: Double, _ j: Double) -> SIMD3<Double> {
                        let (r, d) = place(i, j)
                        return implant.point(depth: d, radius: r, angleDeg: phi)
                    }
                    let corners = (0...depths).map { i in (0...radial).map { j in scene.tissue(at: point(Double(i), Double(j))) } }
                    for i in 0..<depths {
                        for j in 0..<radial {
                            let centre = point(Double(i) + 0.5, Double(j) + 0.5), tissue = scene.tissue(at: centre)
                            // The cell's corners in pairs across the radius: at its shallower depth, and at its deeper.
                            let (upper, lower) = ((corners[i][j], corners[i][j + 1]), (corners[i + 1][j], corners[i + 1][j + 1]))
                            if upper.0 == tissue && upper.1 == tissue && lower.0 == tissue && lower.1 == tissue {
                                samples.append((scene.ridge.hu(of: tissue, at: centre), place(Double(i) + 0.5, Double(j) + 0.5).radius))
                                continue
                            }
                            // A boundary across the radius alone (a defect's wall) is found on the radial line through the
                            // cell's centre, one across the depth alone (a crest, a defect's floor) on the depth line;
                            // any other on `boundaryCellPoints` radial lines.
                            if upper == lower {
                                line(from: (Double(i) + 0.5, Double(j)), to: (Double(i) + 0.5, Double(j) + 1), share: 1)
                            } else if upper.0 == upper.1 && lower.0 == lower.1 {
                                line(from: (Double(i), Double(j) + 0.5), to: (Double(i) + 1, Double(j) + 0.5), share: 1)
                            } else {
                                for a in 0..<fine {
                                    let u = Double(i) + (Double(a) + 0.5) / Double(fine)
                                    line(from: (u, Double(j)), to: (u, Double(j) + 1), share: 1 / Double(fine))
                                }
                            }
                        }
                    }
                    /// One cell's line, in cell units, as `share` of the cell: where its ends hold different tissues, each
                    /// tissue over its part of the line, the boundary bisected to 10⁻⁶ of a cell; otherwise its midpoint.
                    func line(from a: (Double, Double), to b: (Double, Double), share: Double) {
                        func at(_ t: Double) -> (Double, Double) { (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t) }
                        func sample(_ tissue: Tissue?, _ t: Double, _ part: Double) {
                            let (u, v) = at(t), p = point(u, v)
                            samples.append((tissue.map { scene.ridge.hu(of: $0, at: p) } ?? scene.hu(at: p), place(u, v).radius * share * part))
                        }
                        let first = scene.tissue(at: point(a.0, a.1)), last = scene.tissue(at: point(b.0, b.1))
                        guard first != last else { return sample(nil, 0.5, 1) }
                        var (inside, outside) = (0.0, 1.0)
                        for _ in 0..<20 {
                            let t = (inside + outside) / 2, (u, v) = at(t)
                            if scene.tissue(at: point(u, v)) == first { inside = t } else { outside = t }
                        }
                        let boundary = (inside + outside) / 2
                        sample(first, boundary / 2, boundary)
                        sample(last, (1 + boundary) / 2, 1 - boundary)
                    }
                }
                result.append(Self.statistics(samples, inner: shell.inner, outer: shell.outer, third: name,
                                              cellVolume: dd * dr * dphi * .pi / 180, voxelVolume: voxelVolume))
            }
        }
        return result
    }

    static func statistics(_ samples: [(value: Double, weight: Double)], inner: Double, outer: Double, third: String,
                           cellVolume: Double, voxelVolume: Double) -> DensityShell {
        let total = samples.reduce(0) { $0 + $1.weight }
        let mean = samples.reduce(0) { $0 + $1.value * $1.weight } / total
        let variance = samples.reduce(0) { $0 + $1.weight * ($1.value - mean) * ($1.value - mean) } / total
        let sorted = samples.sorted { $0.value < $1.value }
        func quantile(_ q: Double) -> Double {
            var acc = 0.0
            for s in sorted {
                acc += s.weight
                if acc >= q * total { return s.value }
            }
            return sorted.last?.value ?? 0
        }
        return DensityShell(innerMm: inner, outerMm: outer, third: third, mean: mean, median: quantile(0.5),
                            sd: variance.squareRoot(), p10: quantile(0.1), p90: quantile(0.9),
                            voxelCount: Int((total * cellVolume / voxelVolume).rounded()))
    }

    /// A plate thinner than this beyond a circumferential moat counts as lost (mm): the phantom truth's
    /// convention, about the thinnest plate a CBCT of 0.2–0.4 mm voxels shows (one to two voxels).
    static let minimumPlateMm = 0.5
    /// A site's plate is lost when it stands (`minimumPlateMm`) in fewer than half of the directions 5° apart
    /// within this angle of straight buccal or lingual: the sites of CLINICAL.md §2.3, as the analysis
    /// reads them (`DefectClassifier.plateStandingShare`).
    static let plateSiteHalfAngleDeg = 30.0

    /// The Schwarz class the geometry shows. A circumferential moat (Ic, Ie) as wide as the buccal or
    /// lingual wall leaves no plate on that side: Ie whose moat took one plate is Ic (a dehiscence of that
    /// side with circular loss: CLINICAL.md §2.4 counts buccal or oral dehiscences alike), and Ic or Ie
    /// whose moat took both plates (or the lingual one beside Ic's buccal dehiscence) is Id. Read on the
    /// intact ridge at mid-defect depth, around buccal (0°) and lingual (180°), from the moat's edge.
    func schwarzClass(_ implant: ImplantBody, defect: DefectSpec, region: DefectRegion) -> String {
        guard defect.schwarzClass == "Ic" || defect.schwarzClass == "Ie" else { return defect.schwarzClass }
        let d = (region.intrabonyTop + region.intrabonyBottom) / 2
        func plateLost(_ site: Double) -> Bool {
            let directions = Array(stride(from: site - Self.plateSiteHalfAngleDeg, through: site + Self.plateSiteHalfAngleDeg, by: 5))
            let standing = directions.filter { angle in
                boneRun(implant, depth: d, from: implant.outerRadius(atDepth: d) + defect.widthMm, angleDeg: angle) {
                    scene.ridge.tissue(at: $0).isBone
                } >= Self.minimumPlateMm
            }
            return 2 * standing.count < directions.count
        }
        let buccalLost = defect.schwarzClass == "Ic" || plateLost(0), lingualLost = plateLost(180)
        return buccalLost && lingualLost ? "Id" : buccalLost || lingualLost ? "Ic" : "Ie"
    }

    static func monjeClass(_ defect: DefectSpec) -> String {
        switch defect.schwarzClass {
        case "none": return "none"
        case "II": return "II"
        default:
            let sub = defect.schwarzClass == "Ia" ? "a" : defect.schwarzClass == "Ib" ? "b" : "c"
            return (defect.supracrestalMm > 0 ? "III" : "I") + sub
        }
    }

    /// All measurements of one implant.
    func measure(_ index: Int, geometry: VolumeGeometry, size: SIMD3<Int>, saturated: Int) -> ImplantMeasurement {
        let implant = scene.implants[index], spec = scene.spec.implants[index], defect = spec.defect
        let frame = scene.frame
        let sectors = (0..<SectorGeometry.sectorCount).map { k -> SectorBoneLevel in
            let angle = SectorGeometry.angleDeg(ofSector: k)
            return SectorBoneLevel(angleDeg: angle, boneLevelMm: sectorLevel(implant, angleDeg: angle))
        }
        let sites = SectorGeometry.siteValues(sectors)
        let worst = sites.max
        let lossPercent = max(0, worst - spec.collarMm) / spec.lengthMm * 100

        var walls = Self.wallDepthsMm.map { d in
            WallThickness(depthMm: d, label: "\(Int(d))mm",
                          buccal: boneRun(implant, depth: d, from: implant.outerRadius(atDepth: d), angleDeg: 0, isBone: isBone),
                          lingual: boneRun(implant, depth: d, from: implant.outerRadius(atDepth: d), angleDeg: 180, isBone: isBone))
        }
        let mid = spec.lengthMm / 2
        walls.append(WallThickness(depthMm: mid, label: "mid",
                                   buccal: boneRun(implant, depth: mid, from: implant.outerRadius(atDepth: mid), angleDeg: 0, isBone: isBone),
                                   lingual: boneRun(implant, depth: mid, from: implant.outerRadius(atDepth: mid), angleDeg: 180, isBone: isBone)))

        let ridgeWidths = Self.ridgeDepthsMm.map { k in
            let d = spec.collarMm + k
            return RidgeWidth(depthMm: k, widthMm: boneExtent(implant, depth: d, angleDeg: 0) + boneExtent(implant, depth: d, angleDeg: 180))
        }

        let region = scene.defects[index]
        let width: Double
        switch defect.schwarzClass {
        case "none": width = 0
        case "II": width = defect.supracrestalRadiusMm
        case "Ia":
            // The buccal plate lost: the intact ridge's wall at mid-defect depth.
            let d = (region.intrabonyTop + region.intrabonyBottom) / 2
            width = boneRun(implant, depth: d, from: implant.outerRadius(atDepth: d), angleDeg: 0) { scene.ridge.tissue(at: $0).isBone }
        default: width = defect.widthMm
        }
        let defectTruth = DefectMeasurement(schwarzClass: schwarzClass(implant, defect: defect, region: region),
                                            monjeClass: Self.monjeClass(defect),
                                            monjeSeverity: defect.schwarzClass == "none" ? "none" : DefectSeverity.classify(lossPercent: lossPercent),
                                            depthMm: defect.depthMm, widthMm: width)

        let shells = densityShells(implant, voxelVolume: geometry.voxelVolume)
        let shellMean = shells.reduce(0) { $0 + $1.mean * Double($1.voxelCount) } / Double(max(1, shells.reduce(0) { $0 + $1.voxelCount }))

        var flags: [String] = []
        if walls.contains(where: { $0.buccal > 0 && $0.buccal <= MeasurementQuality.thinWallMm }) { flags.append("thinBuccalWall") }
        if !insideField(implant, geometry: geometry, size: size) { flags.append("cutByFieldEdge") }
        let calibrated = scene.spec.volume.grayScale == 1 && scene.spec.volume.grayOffset == 0
        if !calibrated { flags.append("uncalibrated") }

        func lps(_ v: SIMD3<Double>) -> [Double] { [v.x, v.y, v.z] }
        return ImplantMeasurement(
            lengthMm: spec.lengthMm, diameterMm: spec.diameterMm,
            axis: lps(frame.directionToScanner(implant.axis)),
            shoulderMm: lps(frame.toScanner(implant.shoulder)), apexMm: lps(frame.toScanner(implant.apex)),
            buccalDirection: lps(frame.directionToScanner(implant.buccal)),
            mesialDirection: lps(frame.directionToScanner(implant.mesial)),
            material: spec.material,
            boneLevelMm: sites,
            boneLossPercent: lossPercent, referenceMm: spec.collarMm, sectors: sectors, defect: defectTruth,
            wallThicknessMm: walls, densityShells: shells, mischClass: MischDensity.classify(meanHU: shellMean),
            ridgeWidthMm: ridgeWidths, boneBeyondApexMm: boneBeyondApex(implant),
            quality: MeasurementQuality(voxelMm: scene.spec.volume.voxelMm, artifactMarginMm: 0,
                                        buccalDirectionConfidence: "high", calibrated: calibrated,
                                        clampedVoxels: saturated, unmeasuredSectorsDeg: [], flags: flags))
    }

    /// Whether the implant's envelope lies inside the field of view.
    func insideField(_ implant: ImplantBody, geometry: VolumeGeometry, size: SIMD3<Int>) -> Bool {
        let maxIndex = SIMD3<Double>(Double(size.x - 1), Double(size.y - 1), Double(size.z - 1))
        for d in stride(from: 0.0, through: implant.lengthMm, by: 0.5) {
            for a in stride(from: 0.0, to: 360, by: 30) {
                let p = implant.point(depth: d, radius: implant.outerRadius(atDepth: d), angleDeg: a)
                let i = geometry.continuousIndex(ofPoint: scene.frame.toScanner(p))
                if any(i .< .zero) || any(i .> maxIndex) { return false }
            }
        }
        return true
    }
}
