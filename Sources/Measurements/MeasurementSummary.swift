import Foundation

/// The readable summary `implantscan analyze` prints: per implant, the buccal direction the sectors are read
/// from, site bone levels, worst sector, defect class, wall thickness, density class and quality flags.
public enum MeasurementSummary {
    public static func text(_ m: ScanMeasurements) -> String {
        func mm(_ v: Double) -> String { String(format: "%.1f", v) }
        var lines: [String] = []
        let s = m.scan
        lines.append("Scan: \(s.source)  \(s.size.map(String.init).joined(separator: "×")) voxels of "
                     + "\(String(format: "%.3g", s.spacingMm.min() ?? 0)) mm\(s.calibrated ? "" : " (uncalibrated gray values)")")
        if let c = s.deviceCalibration {
            lines.append("Scanner calibration: \(c.source) (HU through water and a \(String(format: "%.0f", c.insertHU)) HU insert; "
                         + "blooming \(String(format: "%.2f", c.bloomingScale)) × the published figures)")
        }
        if m.implants.isEmpty { lines.append("No implant found.") }
        for (i, imp) in m.implants.enumerated() {
            let b = imp.boneLevelMm
            let worst = imp.sectors.max { $0.boneLevelMm < $1.boneLevelMm }
            lines.append("Implant \(i + 1): \(imp.material), \(mm(imp.diameterMm)) × \(mm(imp.lengthMm)) mm, shoulder at ("
                         + imp.shoulderMm.map { String(format: "%.1f", $0) }.joined(separator: ", ") + ") mm LPS")
            if let buccal = imp.buccalDirection {
                lines.append("  Buccal direction (0°): (" + buccal.map { String(format: "%.2f", abs($0) < 0.005 ? 0 : $0) }.joined(separator: ", ") + ") LPS, "
                             + (imp.quality.buccalDirectionConfidence == "high" ? "confidence high"
                                : "confidence low: check it, or give it with --buccal x,y,z"))
            }
            lines.append("  Bone level (shoulder to first contact): mesial \(mm(b.mesial)), distal \(mm(b.distal)), "
                         + "buccal \(mm(b.buccal)), lingual \(mm(b.lingual)) mm; worst \(mm(b.max)) mm at "
                         + "\(Int(worst?.angleDeg ?? 0))° (0° buccal, 90° mesial)")
            lines.append("  Bone loss: \(String(format: "%.0f", imp.boneLossPercent)) % of the implant length"
                         + (imp.referenceMm > 0 ? " (collar \(mm(imp.referenceMm)) mm subtracted)" : ""))
            let d = imp.defect
            lines.append(d.schwarzClass == "none" ? "  Defect: none"
                         : "  Defect: Schwarz \(d.schwarzClass), Monje \(d.monjeClass) (\(d.monjeSeverity)), depth \(mm(d.depthMm)) mm, width \(mm(d.widthMm)) mm")
            // A row at its side's bone level is marked: it may read the wall above the level or the one below.
            func wall(_ w: WallThickness, _ value: Double, _ angleDeg: Double) -> String {
                mm(value) + (imp.wallIsAtBoneLevel(depthMm: w.depthMm, angleDeg: angleDeg) ? "†" : "")
            }
            let walls = imp.wallThicknessMm.map { "\($0.label) \(wall($0, $0.buccal, 0))/\(wall($0, $0.lingual, 180))" }
            lines.append("  Walls buccal/lingual: " + walls.joined(separator: ", ") + " mm"
                         + (imp.hasWallAtBoneLevel ? " († at that side's bone level: trust the row below it)" : ""))
            let mean = imp.densityShells.reduce(0) { $0 + $1.mean * Double($1.voxelCount) }
                / Double(max(1, imp.densityShells.reduce(0) { $0 + $1.voxelCount }))
            lines.append("  Density 1–3 mm: mean \(String(format: "%.0f", mean)) → Misch \(imp.mischClass)"
                         + (imp.quality.calibrated ? "" : " (indicative: uncalibrated)"))
            lines.append("  Ridge width " + imp.ridgeWidthMm.map { "\(Int($0.depthMm)) mm: \(mm($0.widthMm))" }.joined(separator: ", ")
                         + " mm; bone beyond apex \(mm(imp.boneBeyondApexMm)) mm")
            if !imp.quality.flags.isEmpty { lines.append("  Flags: \(imp.quality.flags.joined(separator: ", "))") }
        }
        for e in m.excluded {
            lines.append("\(e.flag.map { "Implant not measured (\($0))" } ?? "Not an implant"): "
                         + "\(String(format: "%.0f", e.volumeMm3)) mm³ at ("
                         + e.centerMm.map { String(format: "%.1f", $0) }.joined(separator: ", ") + "): \(e.reason)")
        }
        return lines.joined(separator: "\n")
    }

    public static func json(_ m: ScanMeasurements) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(m)) ?? Data(), as: UTF8.self)
    }
}
