import CaseRecords
import Foundation
import Phantom

/// The repeatability table: per site and class of voxel size, how far the measured change between two scans of the
/// same jaw lies from the true change, how often `case history` reports an unchanged site as changed, and how often
/// it reports a real loss.
public struct RepeatabilityReport: Codable, Sendable, Equatable {
    public var pairs: [RescanResult]
    /// How much deeper every defect is in the second scan (mm).
    public var boneLossMm: Double
    public var rows: [RepeatabilityRow]

    public init(pairs: [RescanResult], boneLossMm: Double) {
        self.pairs = pairs
        self.boneLossMm = boneLossMm
        rows = CaseHistory.sites.flatMap { site in
            [("≤ 0.25 mm", { (v: Double) in v <= 0.25 }), ("> 0.25 mm", { (v: Double) in v > 0.25 })].map { voxels, inClass in
                let samples = pairs.filter { inClass($0.voxelMm) }.flatMap(\.implants).compactMap { implant in
                    implant.sites.first { $0.site == site }.map { RepeatabilityRow.Sample(site: $0, label: implant.label) }
                }
                return RepeatabilityRow(site: site, voxels: voxels, samples: samples)
            }
        }
    }

    public func json() -> String {
        String(decoding: try! AccuracyReport.encoder.encode(self), as: UTF8.self)
    }

    public var text: String {
        let implants = pairs.flatMap(\.implants)
        let loss = boneLossMm > 0 ? String(format: "every defect %.2f mm deeper in the second scan", boneLossMm) : "no bone change"
        var lines = [
            "Repeatability on \(pairs.count) jaw(s) scanned twice (head repositioned within "
                + String(format: "±%.0f° and ±%.0f mm", PhantomRandomizer.rescanRotationDeg, PhantomRandomizer.rescanShiftMm)
                + ", new noise and streaks; \(loss)), \(implants.count) implant(s) in both scans",
            "",
        ]
        func mm(_ v: Double?, signed: Bool = false) -> String {
            v.map { String(format: signed ? "%+.3f" : "%.3f", $0) } ?? "—"
        }
        func share(_ k: Int, of n: Int) -> String { n == 0 ? "—" : String(format: "%d of %d (%.1f %%)", k, n, 100 * Double(k) / Double(n)) }
        lines += TextTable.render(
            header: ["site", "voxels", "n", "true change", "bias", "SD", "95 % limits", "worst", "allowed",
                     "unchanged: reported changed", "lost ≥ allowed: reported lost", "worst at"],
            rows: rows.map { r in
                [r.site, r.voxels, String(r.count), mm(r.truthChangeMm, signed: true), mm(r.biasMm, signed: true), mm(r.sdMm),
                 r.limitsMm.map { "\(mm($0[0], signed: true)) to \(mm($0[1], signed: true))" } ?? "—", mm(r.worstMm),
                 r.allowedMm.map { $0[0] == $0[1] ? mm($0[0]) : "\(mm($0[0]))–\(mm($0[1]))" } ?? "—",
                 share(r.falseChanges, of: r.unchanged), share(r.lossesDetected, of: r.lost), r.worstAt ?? "—"]
            })
        lines += ["",
                  "Change: the second scan's level − the first's (mm; positive is bone lost), the second scan's sites in the first's",
                  "angles as `case history` aligns them. Bias, SD, 95 % limits and worst: measured change − true change. Allowed: the",
                  "error `case history` gives a change, one voxel per scan combined (√2 voxels); a change beyond it is reported."]
        lines += [""] + TextTable.render(header: ["count", "n"], rows: [
            ["jaws", String(pairs.count)],
            ["pairs that failed", String(pairs.filter { $0.failure != nil }.count)],
            ["truth implants", String(pairs.reduce(0) { $0 + $1.truthImplants })],
            ["implants in both scans", String(implants.count)],
            ["implants not found in both", String(pairs.reduce(0) { $0 + $1.unmatched })],
            ["second scan's sites rotated to the first's", String(implants.filter(\.sitesCorrected).count)],
        ])
        for p in pairs where p.failure != nil { lines.append("\(p.label): failed: \(p.failure!)") }
        return lines.joined(separator: "\n")
    }
}
