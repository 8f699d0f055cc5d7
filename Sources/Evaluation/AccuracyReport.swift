import Foundation
import Measurements

/// The accuracy of the analysis over many phantoms, against the analysis issue's targets: per measured
/// quantity the count, mean absolute error, bias and worst error (split by voxel size where the target
/// depends on it), the share of right classes, and the implants found, missed and invented.
public struct AccuracyReport: Codable, Sendable, Equatable {
    public var cases: [CaseResult]
    public var metrics: [MetricRow]
    public var classes: [ClassRow]
    public var counts: [CountRow]
    /// Targets with samples, and how many of them are met.
    public var targetsChecked: Int
    public var targetsMet: Int
    /// At least one implant was compared and every target with samples is met.
    public var passed: Bool

    /// Voxels up to this size (mm) are held to the fine bone-level target; larger ones to one voxel.
    public static let fineVoxelLimitMm = 0.25
    static let fineVoxels = "≤ 0.25 mm", coarseVoxels = "> 0.25 mm", allVoxels = "all"

    public init(cases: [CaseResult]) {
        self.cases = cases
        let implants = cases.flatMap(\.implants)

        func samples(_ errors: (ImplantErrors) -> [(Double, String)]) -> [MetricRow.Sample] {
            implants.flatMap { i in
                errors(i.errors).map { MetricRow.Sample(error: $0.0, voxelMm: i.errors.voxelMm, label: i.label + $0.1) }
            }
        }
        func isFine(_ s: MetricRow.Sample) -> Bool { s.voxelMm <= Self.fineVoxelLimitMm + 1e-9 }
        var metrics: [MetricRow] = []
        func splitByVoxel(_ name: String, signed: Bool, fine: AccuracyTarget?, coarse: AccuracyTarget?,
                          _ errors: @escaping (ImplantErrors) -> [(Double, String)]) {
            let all = samples(errors)
            metrics.append(MetricRow(metric: name, unit: "mm", voxels: Self.fineVoxels, samples: all.filter(isFine),
                                     signed: signed, target: fine))
            metrics.append(MetricRow(metric: name, unit: "mm", voxels: Self.coarseVoxels, samples: all.filter { !isFine($0) },
                                     signed: signed, target: coarse))
        }
        func whole(_ name: String, unit: String, signed: Bool, target: AccuracyTarget?,
                   _ errors: @escaping (ImplantErrors) -> [(Double, String)]) {
            metrics.append(MetricRow(metric: name, unit: unit, voxels: Self.allVoxels, samples: samples(errors),
                                     signed: signed, target: target))
        }

        let fine = AccuracyTarget.boneLevelFineVoxels, coarse = AccuracyTarget.boneLevelCoarseVoxels
        splitByVoxel("bone level mesial", signed: true, fine: fine, coarse: coarse) { [($0.boneLevelMm.mesial, "")] }
        splitByVoxel("bone level distal", signed: true, fine: fine, coarse: coarse) { [($0.boneLevelMm.distal, "")] }
        splitByVoxel("bone level buccal", signed: true, fine: fine, coarse: coarse) { [($0.boneLevelMm.buccal, "")] }
        splitByVoxel("bone level lingual", signed: true, fine: fine, coarse: coarse) { [($0.boneLevelMm.lingual, "")] }
        splitByVoxel("bone level worst sector", signed: true, fine: fine, coarse: coarse) { [($0.boneLevelMm.max, "")] }
        splitByVoxel("sectors: mean |error|", signed: false, fine: nil, coarse: nil) { e in
            e.sectorMeanAbsMm.map { [($0, "")] } ?? []
        }
        splitByVoxel("sectors: worst |error|", signed: false, fine: nil, coarse: nil) { e in
            e.sectorWorstAbsMm.map { [($0, " at \(AccuracyTarget.trimmed(e.sectorWorstAngleDeg ?? 0))°")] } ?? []
        }
        whole("length", unit: "mm", signed: true, target: .lengthAndDiameter) { [($0.lengthMm, "")] }
        whole("diameter", unit: "mm", signed: true, target: .lengthAndDiameter) { [($0.diameterMm, "")] }
        whole("axis", unit: "°", signed: false, target: .axis) { [($0.axisDeg, "")] }
        whole("shoulder", unit: "mm", signed: false, target: .shoulder) { [($0.shoulderMm, "")] }
        whole("buccal direction", unit: "°", signed: true, target: nil) { e in
            e.buccalDirectionDeg.map { [($0, "")] } ?? []
        }
        whole("defect width (Ib–Ie)", unit: "mm", signed: true, target: nil) { e in
            e.defectWidthMm.map { [($0, "")] } ?? []
        }
        // A row at its side's bone level is a row where the truth steps (`WallError.atBoneLevel`); the analysis flags
        // it ("wallAtBoneLevel", checked below) and those rows are shown apart, without a target, as walls under
        // 1 mm are left out for the "thinBuccalWall" flag.
        let wallTargets: [(side: String, target: AccuracyTarget?)] = [("buccal", .buccalWall), ("lingual", nil)]
        for (side, target) in wallTargets {
            whole("\(side) wall (truth ≥ 1 mm)", unit: "mm", signed: true, target: target) { e in
                e.walls.filter { $0.side == side && !$0.atBoneLevel }.map { ($0.errorMm, " \(side) \($0.label)") }
            }
        }
        for side in ["buccal", "lingual"] {
            whole("\(side) wall at bone level", unit: "mm", signed: true, target: nil) { e in
                e.walls.filter { $0.side == side && $0.atBoneLevel }.map { ($0.errorMm, " \(side) \($0.label)") }
            }
        }
        whole("density shell mean (gray)", unit: "HU", signed: true, target: .density) { e in
            e.densityShells.map {
                ($0.error, " \(AccuracyTarget.trimmed($0.innerMm))–\(AccuracyTarget.trimmed($0.outerMm)) mm \($0.third)")
            }
        }
        self.metrics = metrics

        let errors = implants.map(\.errors)
        classes = [
            ClassRow(metric: "Schwarz class", outcomes: errors.map(\.schwarzClass), target: .schwarzClass),
            ClassRow(metric: "material", outcomes: errors.map(\.material), target: nil),
            ClassRow(metric: "thinBuccalWall flag", outcomes: errors.map(\.thinWallFlag), target: nil),
            ClassRow(metric: "wallAtBoneLevel flag", outcomes: errors.map(\.wallAtBoneLevelFlag), target: nil),
        ]

        counts = [
            CountRow(metric: "phantoms", count: cases.count),
            CountRow(metric: "phantoms that failed", count: cases.filter { $0.failure != nil }.count),
            CountRow(metric: "truth implants", count: cases.reduce(0) { $0 + $1.truthImplants }),
            CountRow(metric: "implants found", count: implants.count),
            CountRow(metric: "implants missed", count: cases.reduce(0) { $0 + $1.missed.count }, target: .noneAllowed),
            CountRow(metric: "false implants", count: cases.reduce(0) { $0 + $1.falseImplants.count }, target: .noneAllowed),
            CountRow(metric: "non-implant metal objects", count: cases.reduce(0) { $0 + $1.nonImplantMetalObjects }),
            CountRow(metric: "metal reported as implants", count: cases.reduce(0) { $0 + $1.metalReportedAsImplants },
                     target: .noneAllowed),
            CountRow(metric: "material not read (unknown)", count: errors.filter { $0.material.measured == "unknown" }.count),
            CountRow(metric: "material read wrong", count: errors.filter { !$0.material.right && $0.material.measured != "unknown" }.count),
            CountRow(metric: "walls compared (truth ≥ 1 mm)", count: errors.reduce(0) { $0 + $1.walls.count }),
            CountRow(metric: "of them at the bone level", count: errors.reduce(0) { $0 + $1.walls.filter(\.atBoneLevel).count }),
            CountRow(metric: "walls left out (truth < 1 mm)", count: errors.reduce(0) { $0 + $1.thinWallsExcluded }),
            CountRow(metric: "walls not reported", count: errors.reduce(0) { $0 + $1.wallsMissing }),
            CountRow(metric: "shells not reported", count: errors.reduce(0) { $0 + $1.shellsMissing }),
            CountRow(metric: "sectors not compared", count: errors.reduce(0) { $0 + $1.sectorsNotCompared }),
        ]

        let verdicts = metrics.compactMap(\.pass) + classes.compactMap(\.pass) + counts.compactMap(\.pass)
        targetsChecked = verdicts.count
        targetsMet = verdicts.filter { $0 }.count
        passed = !implants.isEmpty && targetsMet == targetsChecked
    }

    // MARK: - Output

    public func json() -> String {
        // Encoding numbers, strings and arrays cannot fail; non-finite errors are written as strings.
        String(decoding: try! Self.encoder.encode(self), as: UTF8.self)
    }

    public static func decode(json: Data) throws -> AccuracyReport {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(AccuracyReport.self, from: json)
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The table as aligned text: measured quantities, classes, counts, then the failures and the verdict.
    public var text: String {
        let implants = cases.reduce(0) { $0 + $1.implants.count }
        let presets = cases.filter { $0.preset != nil }.count
        let calibrated = !cases.isEmpty && cases.allSatisfy { $0.deviceCalibration != nil || $0.failure != nil }
        var lines = ["Accuracy on \(cases.count) phantom(s) (\(cases.count - presets) random, \(presets) preset), "
                     + "\(implants) implant(s) compared"
                     + (calibrated ? "; each phantom's scanner calibrated first on its calibration scan (density shells in HU)" : ""), ""]

        lines += TextTable.render(
            header: ["quantity", "voxels", "unit", "n", "MAE", "bias", "worst", "MAE/voxel", "target", "result", "worst at"],
            rows: metrics.map { r in
                [r.metric, r.voxels, r.unit, String(r.count), Self.number(r.meanAbsolute, r.unit),
                 Self.number(r.bias, r.unit, signed: true), Self.number(r.worst, r.unit),
                 r.meanAbsoluteVoxels.map { String(format: "%.2f", $0) } ?? "—",
                 r.target?.text ?? "—", Self.verdict(r.pass, hasTarget: r.target != nil), r.worstAt ?? "—"]
            },
            rightAligned: [3, 4, 5, 6, 7])
        lines.append("")
        lines += TextTable.render(
            header: ["class", "n", "right", "% right", "target", "result"],
            rows: classes.map { r in
                [r.metric, String(r.count), String(r.right), r.percentRight.map { String(format: "%.1f", $0) } ?? "—",
                 r.target?.text ?? "—", Self.verdict(r.pass, hasTarget: r.target != nil)]
            },
            rightAligned: [1, 2, 3])
        lines.append("")
        lines += TextTable.render(
            header: ["count", "n", "target", "result"],
            rows: counts.map { r in
                [r.metric, String(r.count), r.target?.text ?? "—", Self.verdict(r.pass, hasTarget: r.target != nil)]
            },
            rightAligned: [1])

        let problems = cases.compactMap { c -> String? in
            var parts: [String] = []
            if let f = c.failure { parts.append("failed: \(f)") }
            if !c.missed.isEmpty {
                var missed = "missed truth implant(s) \(c.missed.map { "#\($0)" }.joined(separator: ", "))"
                if c.failure == nil {
                    missed += c.excluded.isEmpty ? " (no metal object excluded)"
                        : " (excluded: " + c.excluded.map { "\(String(format: "%.0f", $0.volumeMm3)) mm³ \($0.reason)" }.joined(separator: "; ") + ")"
                }
                parts.append(missed)
            }
            if !c.falseImplants.isEmpty {
                parts.append("false implant(s) at output index \(c.falseImplants.map(String.init).joined(separator: ", "))")
            }
            return parts.isEmpty ? nil : "  \(c.label): " + parts.joined(separator: "; ")
        }
        if !problems.isEmpty {
            lines.append("")
            lines.append("Phantoms with failures, missed or false implants:")
            lines += problems
        }
        lines.append("")
        lines.append("Result: \(passed ? "PASS" : "FAIL") (\(targetsMet) of \(targetsChecked) target(s) met)")
        return lines.joined(separator: "\n")
    }

    /// Decimals by unit: mm and degrees to a thousandth, gray values to a tenth.
    static func number(_ v: Double?, _ unit: String, signed: Bool = false) -> String {
        guard let v else { return "—" }
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        let decimals = unit == "HU" ? 1 : 3
        return String(format: signed ? "%+.\(decimals)f" : "%.\(decimals)f", v)
    }

    static func verdict(_ pass: Bool?, hasTarget: Bool) -> String {
        guard hasTarget else { return "" }
        return pass.map { $0 ? "pass" : "FAIL" } ?? "no data"
    }
}
