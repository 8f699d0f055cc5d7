import CaseRecords
import Measurements
import Phantom
import VolumeCore

/// Measures what `case history` reports between two scans of the same jaw (CLINICAL.md §5): random phantoms from
/// consecutive seeds (`PhantomRandomizer`), each scanned twice on the same device with the head repositioned and
/// new noise and streaks (`PhantomRandomizer.rescan`), optionally with every defect deeper in the second scan; both
/// scans analysed blind, the second scan's sites aligned to the first's as `case history` aligns them, and each
/// site's change compared with the truth's change and with the error `case history` allows it.
public enum RepeatabilityRun {
    /// The second scan's noise and streaks are seeded with the first scan's seed plus this.
    public static let rescanSeedOffset: UInt64 = 1 << 32

    public static func run(count: Int, firstSeed: UInt64, boneLossMm: Double = 0,
                           progress: ((RescanResult) -> Void)? = nil, analyze: AccuracyRun.Analyze) -> RepeatabilityReport {
        var results: [RescanResult] = []
        for k in 0..<max(0, count) {
            let result = evaluate(seed: firstSeed &+ UInt64(k), boneLossMm: boneLossMm, analyze: analyze)
            progress?(result)
            results.append(result)
        }
        return RepeatabilityReport(pairs: results, boneLossMm: boneLossMm)
    }

    /// "seed 17: 0.25 mm, 1 of 1 implant(s) in both scans" (or why it failed), for progress output.
    public static func progressLine(_ result: RescanResult) -> String {
        var line = "\(result.label): \(result.voxelMm) mm, \(result.implants.count) of \(result.truthImplants) implant(s) in both scans"
        if let failure = result.failure { line += "; failed: \(failure)" }
        return line
    }

    /// One jaw scanned twice: generate both scans, analyse each, compare their sites.
    public static func evaluate(seed: UInt64, boneLossMm: Double = 0, analyze: AccuracyRun.Analyze) -> RescanResult {
        let label = "seed \(seed)"
        let firstSpec = PhantomRandomizer.spec(seed: seed)
        let secondSpec = PhantomRandomizer.rescan(of: firstSpec, seed: seed, boneLossMm: boneLossMm)
        func scan(_ spec: PhantomSpec, noiseSeed: UInt64, _ which: String) throws -> (truth: [ImplantMeasurement], measured: ScanMeasurements) {
            let phantom = try PhantomGenerator.generate(spec, seed: noiseSeed, anatomySeed: seed)
            let (gray, clamped) = AccuracyRun.grayVolume(phantom.stored, rescaleIntercept: phantom.truth.scan.rescaleIntercept)
            let info = AccuracyCase(label: "\(label) \(which)", seed: noiseSeed, preset: nil, spec: spec, clampedVoxels: clamped)
            return (phantom.truth.implants, try analyze(gray, info))
        }
        let voxel = firstSpec.volume.voxelMm
        let first: (truth: [ImplantMeasurement], measured: ScanMeasurements)
        let second: (truth: [ImplantMeasurement], measured: ScanMeasurements)
        do {
            first = try scan(firstSpec, noiseSeed: seed, "first scan")
            second = try scan(secondSpec, noiseSeed: seed &+ rescanSeedOffset, "second scan")
        } catch {
            return RescanResult(label: label, seed: seed, voxelMm: voxel, truthImplants: firstSpec.implants.count,
                                implants: [], failure: "\(error)")
        }
        let a = ImplantMatcher.match(truth: first.truth, measured: first.measured.implants)
        let b = ImplantMatcher.match(truth: second.truth, measured: second.measured.implants)
        let error = CaseHistory.combinedErrorMm(voxelMm: voxel, voxel)
        var implants: [RescanImplant] = []
        for pa in a.pairs {
            // Truth implants are ordered by position in the scanner; the same index is the same implant only if it
            // has the same size (two implants repositioned past each other would not be).
            guard let pb = b.pairs.first(where: { $0.truthIndex == pa.truthIndex }),
                  first.truth[pa.truthIndex].lengthMm == second.truth[pb.truthIndex].lengthMm,
                  first.truth[pa.truthIndex].diameterMm == second.truth[pb.truthIndex].diameterMm else { continue }
            let ta = first.truth[pa.truthIndex].boneLevelMm, tb = second.truth[pb.truthIndex].boneLevelMm
            let ma = first.measured.implants[pa.measuredIndex]
            let (mb, alignment) = CaseHistory.alignedSites(second.measured.implants[pb.measuredIndex], reference: ma)
            let sites = CaseHistory.sites.map { name in
                RescanSite(site: name, truthChangeMm: tb.value(atSite: name) - ta.value(atSite: name),
                           measuredChangeMm: mb.value(atSite: name) - ma.boneLevelMm.value(atSite: name), errorMm: error)
            }
            implants.append(RescanImplant(label: "\(label) #\(pa.truthIndex)", alignmentDeg: alignment.angleDeg,
                                          alignmentConfidence: alignment.confidence, sitesCorrected: alignment.shouldCorrectSites,
                                          sites: sites))
        }
        return RescanResult(label: label, seed: seed, voxelMm: voxel, truthImplants: first.truth.count, implants: implants)
    }
}
