import Measurements

/// The longitudinal view of one case (CLINICAL.md §5): per site, the bone level at each scan, change
/// since the first and the previous scan, rate, and whether each change exceeds the measurement error;
/// the Albrektsson criterion and progressive loss for the 2017 diagnosis.
public struct CaseHistory: Codable, Sendable, Equatable {
    /// Measurement error of one scan's bone level, in voxels of that scan: "about one voxel each"
    /// (CLINICAL.md §5). Two scans' independent errors combine as √(e₁² + e₂²).
    public static let measurementErrorVoxels = 1.0
    public static let sites = ["mesial", "distal", "buccal", "lingual", "worst"]

    public var caseID: String
    public var site: String
    public var alignments: [ScanAlignment]
    public var sites: [SiteHistory]
    /// Met when every clinical site (mesial, distal, buccal, lingual) meets it.
    public var albrektsson: AlbrektssonResult.Status
    /// Nil with fewer than two scans.
    public var progressiveLoss: ProgressiveLoss?

    public static func combinedErrorMm(voxelMm a: Double, _ b: Double) -> Double {
        ((a * measurementErrorVoxels) * (a * measurementErrorVoxels) + (b * measurementErrorVoxels) * (b * measurementErrorVoxels)).squareRoot()
    }

    /// A later scan's site levels in the reference scan's angles, and the rotation found between them: the sites are
    /// recomputed from the rotated sectors when the alignment is sure and large enough
    /// (`RotationAlignment.shouldCorrectSites`); the worst sector is the later scan's own.
    public static func alignedSites(_ later: ImplantMeasurement, reference: ImplantMeasurement) -> (SiteValues, RotationAlignment) {
        let al = RotationAlignment.align(reference: reference.sectors, to: later.sectors)
        let v = later.boneLevelMm
        guard al.shouldCorrectSites else { return (v, al) }
        let corrected = SectorGeometry.siteValues(al.rotated(later.sectors))
        return (SiteValues(mesial: corrected.mesial, distal: corrected.distal, buccal: corrected.buccal,
                           lingual: corrected.lingual, max: v.max), al)
    }

    public init(_ record: CaseRecord) {
        caseID = record.info.id
        site = record.info.site
        let scans = record.scans
        guard let first = scans.first else {
            (alignments, sites, albrektsson, progressiveLoss) = ([], [], .notAssessable, nil)
            return
        }
        // Each scan's site values in the first scan's angles.
        var siteValues: [SiteValues] = []
        var aligned: [ScanAlignment] = []
        for s in scans {
            let (v, al) = Self.alignedSites(s.implant, reference: first.implant)
            siteValues.append(v)
            aligned.append(ScanAlignment(scanID: s.id, date: s.date, angleDeg: al.angleDeg, confidence: al.confidence,
                                         sitesCorrected: al.shouldCorrectSites))
        }
        alignments = aligned
        let placedBefore = record.info.placedDate.map { $0.years(to: first.date) }
        sites = Self.sites.map { name in
            let levels = siteValues.map { $0.value(atSite: name) }
            var points: [SiteChange] = []
            for (i, s) in scans.enumerated() {
                let t = first.date.years(to: s.date)
                var p = SiteChange(scanID: s.id, date: s.date, yearsSinceFirst: t, boneLevelMm: levels[i])
                if i > 0 {
                    let prev = scans[i - 1]
                    let d0 = levels[i] - levels[0], d1 = levels[i] - levels[i - 1]
                    let e0 = Self.combinedErrorMm(voxelMm: first.voxelMm, s.voxelMm)
                    let e1 = Self.combinedErrorMm(voxelMm: prev.voxelMm, s.voxelMm)
                    let dt1 = prev.date.years(to: s.date)
                    p.changeSinceFirstMm = d0
                    p.changeSincePreviousMm = d1
                    p.rateSinceFirstMmPerYear = t > 0 ? d0 / t : nil
                    p.rateSincePreviousMmPerYear = dt1 > 0 ? d1 / dt1 : nil
                    p.errorSinceFirstMm = e0
                    p.errorSincePreviousMm = e1
                    p.exceedsErrorSinceFirst = abs(d0) > e0
                    p.exceedsErrorSincePrevious = abs(d1) > e1
                }
                points.append(p)
            }
            let crit = AlbrektssonResult.evaluate(points.map { ($0.yearsSinceFirst, $0.boneLevelMm) }, yearsPlacedBeforeFirst: placedBefore)
            return SiteHistory(site: name, points: points, albrektsson: crit)
        }
        let clinical = sites.filter { $0.site != "worst" }.map(\.albrektsson.status)
        albrektsson = clinical.contains(.notMet) ? .notMet : clinical.contains(.notAssessable) ? .notAssessable : .met
        if scans.count >= 2, let last = scans.last {
            let change = last.implant.boneLevelMm.max - first.implant.boneLevelMm.max
            let error = Self.combinedErrorMm(voxelMm: first.voxelMm, last.voxelMm)
            progressiveLoss = ProgressiveLoss(baselineScanID: first.id, baselineDate: first.date,
                                              baselineBoneLevelMm: first.implant.boneLevelMm.max, latestScanID: last.id,
                                              latestDate: last.date, latestBoneLevelMm: last.implant.boneLevelMm.max,
                                              changeMm: change, errorMm: error, progressive: change > error)
        } else {
            progressiveLoss = nil
        }
    }
}
