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
    /// A site is walled when at least half of its lost sectors are.
    static let walledShare = 0.5

    struct Sector {
        var angleDeg: Double
        var level: Double
        /// First depth where bone stands within 4 mm of the implant (nil: none within the implant's length).
        var wallTop: Double?
        /// Distance from the thread envelope (`ImplantMeasurer.envelopeRadius`) to that wall at mid-defect depth.
        var wallGap: Double?
    }

    static func classify(_ sectors: [Sector], reference: Double, length: Double, lossPercent: Double) -> DefectMeasurement {
        let lost = sectors.filter { $0.level - reference > lossToleranceMm }
        func walled(_ s: Sector) -> Bool { s.wallTop.map { s.level - $0 >= wallHeightMm } ?? false }
        func near(_ s: Sector, _ center: Double, _ half: Double) -> Bool {
            SectorGeometry.angularDistance(s.angleDeg, center) <= half
        }
        func siteWalled(_ center: Double) -> Bool? {
            let here = lost.filter { near($0, center, 30) }
            guard !here.isEmpty else { return nil }
            return Double(here.filter(walled).count) >= walledShare * Double(here.count)
        }
        guard lost.count >= minimumLost else {
            return DefectMeasurement(schwarzClass: "none", monjeClass: "none", monjeSeverity: "none", depthMm: 0, widthMm: 0)
        }
        let buccalWalled = siteWalled(0), lingualWalled = siteWalled(180)
        let walledLost = lost.filter(walled)
        // The crest around the implant: the lower quartile of the sectors (where most bone still stands,
        // even beside a semicircular defect). Lowered beyond the tolerance without walls
        // standing around most of the implant, it is a supracrestal (horizontal) component; a deeper
        // loss in some sectors on top of it is then a dehiscence or semicircular defect (Monje III).
        let allLevels = sectors.map(\.level).sorted()
        let crest = allLevels[allLevels.count / 4]
        let circularIntrabony = lost.count > semicircularMax && Double(walledLost.count) >= 0.2 * Double(lost.count)
        let lowered = !circularIntrabony && crest - reference > lossToleranceMm
        let deeper = lowered ? sectors.filter { $0.level - crest > lossToleranceMm } : lost
        let schwarz: String
        if lowered && deeper.count < minimumLost {
            schwarz = "II"
        } else if deeper.count <= dehiscenceMax {
            schwarz = "Ia"
        } else if deeper.count <= semicircularMax {
            schwarz = "Ib"
        } else if !circularIntrabony {
            schwarz = "II"
        } else if buccalWalled == false && lingualWalled == false {
            schwarz = "Id"
        } else if buccalWalled == false || lingualWalled == false {
            schwarz = "Ic"
        } else {
            schwarz = "Ie"
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
