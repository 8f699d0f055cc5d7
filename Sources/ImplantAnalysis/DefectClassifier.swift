import Measurements

/// Defect morphology from the sector profile (CLINICAL.md §2.4): which sectors lost bone, and whether
/// bone walls still stand away from the implant above the first contact (intrabony) or not.
enum DefectClassifier {
    /// A sector has lost bone when its level exceeds the reference by more than this (mm).
    static let lossToleranceMm = 1.0
    /// Walls that stand at least this far above the first contact make a sector intrabony (mm).
    static let wallHeightMm = 1.0
    /// Sectors (of 72) lost: fewer than `minimumLost` is no defect; up to `dehiscenceMax` a dehiscence
    /// (≤ 130°); up to `semicircularMax` semicircular (≤ 275°); more is circular.
    static let minimumLost = 4
    static let dehiscenceMax = 26
    static let semicircularMax = 55
    /// A plate beyond a circumferential moat thinner than this is lost (mm): about the thinnest plate a CBCT
    /// of 0.2–0.4 mm voxels shows (one to two voxels), the phantom truth's convention (`GroundTruth.minimumPlateMm`).
    static let minimumPlateMm = 0.5
    /// A site's plate stands when it is `minimumPlateMm` thick, at mid-defect depth, in at least
    /// `plateStandingShare` of the directions 5° apart within this angle of straight buccal or lingual
    /// (degrees, the sites of CLINICAL.md §2.3).
    static let plateSiteHalfAngleDeg = 30.0
    static let plateStandingShare = 0.5
    /// The crest is lowered bare (horizontal loss) when fewer than this share of the lost sectors at its level
    /// have walls standing above their first contact.
    static let walledShareAtCrest = 0.5

    struct Sector {
        var angleDeg: Double
        var level: Double
        /// First depth where bone stands within 4 mm of the implant (nil: none within the implant's length).
        var wallTop: Double?
        /// Distance from the thread envelope (`ImplantMeasurer.envelopeRadius`) to that wall at mid-defect depth.
        var wallGap: Double?
    }

    /// `plate(depth, angleDeg)`: the thickness (mm) of the plate standing beyond the implant at that depth
    /// below the shoulder and angle from buccal (`WallRay.plateThickness`); read only for a circular
    /// intrabony defect, to tell Ic, Id and Ie apart.
    static func classify(_ sectors: [Sector], reference: Double, length: Double, lossPercent: Double,
                         plate: (_ depth: Double, _ angleDeg: Double) -> Double) -> DefectMeasurement {
        let lost = sectors.filter { $0.level - reference > lossToleranceMm }
        func walled(_ s: Sector) -> Bool { s.wallTop.map { s.level - $0 >= wallHeightMm } ?? false }
        guard lost.count >= minimumLost else {
            return DefectMeasurement(schwarzClass: "none", monjeClass: "none", monjeSeverity: "none", depthMm: 0, widthMm: 0)
        }
        let walledLost = lost.filter(walled)
        // The crest around the implant: the lower quartile of the sectors (where most bone still stands,
        // even beside a semicircular defect). Lowered beyond the tolerance without walls
        // standing around most of the implant, it is a supracrestal (horizontal) component; a deeper
        // loss in some sectors on top of it is then a dehiscence or semicircular defect (Monje III).
        let allLevels = sectors.map(\.level).sorted()
        let crest = allLevels[allLevels.count / 4]
        // A crest lowered without walls standing above it, with a deeper walled loss beside it, is a horizontal
        // loss plus an intrabony defect, not a circular one, however many sectors the two lost together.
        let atCrest = lost.filter { $0.level - crest <= lossToleranceMm }
        let belowCrest = sectors.filter { $0.level - crest > lossToleranceMm }
        let crestLoweredBare = Double(atCrest.filter(walled).count) < walledShareAtCrest * Double(atCrest.count)
            && belowCrest.count >= minimumLost
        let circularIntrabony = lost.count > semicircularMax && Double(walledLost.count) >= 0.2 * Double(lost.count)
            && !crestLoweredBare
        let lowered = !circularIntrabony && crest - reference > lossToleranceMm
        let deeper = lowered ? belowCrest : lost
        let schwarz: String
        if lowered && deeper.count < minimumLost {
            schwarz = "II"
        } else if deeper.count <= dehiscenceMax {
            schwarz = "Ia"
        } else if deeper.count <= semicircularMax {
            schwarz = "Ib"
        } else if !circularIntrabony {
            schwarz = "II"
        } else {
            // Which plates still stand beyond the moat, half-way down the defect: from the walls' top (the
            // median over the walled sectors) to the first contact (the median over the lost sectors).
            let tops = walledLost.compactMap(\.wallTop).sorted(), bottoms = lost.map(\.level).sorted()
            let middle = (tops[tops.count / 2] + bottoms[bottoms.count / 2]) / 2
            func plateStands(_ site: Double) -> Bool {
                let directions = Array(stride(from: site - plateSiteHalfAngleDeg, through: site + plateSiteHalfAngleDeg, by: 5))
                let standing = directions.filter { plate(middle, $0) >= minimumPlateMm }.count
                return Double(standing) >= plateStandingShare * Double(directions.count)
            }
            switch (plateStands(0), plateStands(180)) {
            case (true, true): schwarz = "Ie"
            case (false, false): schwarz = "Id"
            default: schwarz = "Ic"
            }
        }
        let levels = (lowered && schwarz != "II" ? deeper : lost).map(\.level).sorted()
        let medianLevel = levels[levels.count / 2]
        let wallTops = walledLost.compactMap(\.wallTop).sorted()
        let crestDrop = wallTops.isEmpty ? 0 : wallTops[wallTops.count / 2] - reference
        let combined = schwarz != "II" && (lowered || crestDrop > lossToleranceMm)
        let depth: Double
        switch schwarz {
        case "II": depth = medianLevel - reference
        case "Ia": depth = medianLevel - (lowered ? crest : reference)
        default:
            let intrabony = walledLost.compactMap { s in s.wallTop.map { s.level - $0 } }.sorted()
            depth = intrabony.isEmpty ? medianLevel - reference : intrabony[intrabony.count / 2]
        }
        let gaps = walledLost.compactMap(\.wallGap).sorted()
        let width = gaps.isEmpty ? 0 : gaps[gaps.count / 2]
        let monje: String
        switch schwarz {
        case "II": monje = "II"
        default:
            let sub = schwarz == "Ia" ? "a" : schwarz == "Ib" ? "b" : "c"
            monje = (combined ? "III" : "I") + sub
        }
        return DefectMeasurement(schwarzClass: schwarz, monjeClass: monje,
                                 monjeSeverity: DefectSeverity.classify(lossPercent: lossPercent),
                                 depthMm: depth, widthMm: width)
    }
}
