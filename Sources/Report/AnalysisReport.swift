import Decision
import ImplantAnalysis
import Measurements
import ScanIO
import VolumeCore

/// The report stage: from the volume, its analysis and the decisions to the figures and the HTML page.
/// `files` is a pure function of values; `write` puts its result into a folder, each file atomically.
public enum AnalysisReport {
    /// One output file: its name in the folder and its text.
    public struct File: Sendable, Equatable {
        public var name: String
        public var text: String
    }

    public static let pageName = "report.html"

    /// The three figures of every implant.
    public static func figures(volume: Volume<Int16>, analysis: ScanAnalysis, rules: RuleSet) throws(PNGEncodeError) -> [ImplantFigures] {
        let window = BoneWindow(levels: analysis.levels)
        let scale = LossScale(rules: rules)
        var figures: [ImplantFigures] = []
        for (k, (implant, m)) in zip(analysis.implants, analysis.measurements.implants).enumerated() {
            let n = k + 1
            figures.append(ImplantFigures(
                implant: n,
                sections: try SectionsFigure.svg(volume: volume, implant: implant, measurement: m, window: window,
                                                 idPrefix: "i\(n)-sections-"),
                boneMap: try BoneMapFigure.svg(implant: implant, measurement: m, idPrefix: "i\(n)-bonemap-"),
                axial: try AxialFigure.svg(volume: volume, implant: implant, measurement: m, window: window, scale: scale,
                                           idPrefix: "i\(n)-axial-")))
        }
        return figures
    }

    /// Every report file: per implant `implant-N-sections.svg`, `implant-N-bonemap.svg`, `implant-N-axial.svg`,
    /// then `report.html` with the same figures inline.
    public static func files(volume: Volume<Int16>, analysis: ScanAnalysis, decisions: DecisionReport,
                             rules: RuleSet) throws(PNGEncodeError) -> [File] {
        let figures = try figures(volume: volume, analysis: analysis, rules: rules)
        var files: [File] = []
        for f in figures {
            files += [File(name: ImplantFigures.sectionsName(f.implant), text: f.sections),
                      File(name: ImplantFigures.boneMapName(f.implant), text: f.boneMap),
                      File(name: ImplantFigures.axialName(f.implant), text: f.axial)]
        }
        files.append(File(name: pageName, text: HTMLReport.page(measurements: analysis.measurements, decisions: decisions,
                                                                figures: figures)))
        return files
    }

    /// Writes the files into `folder` (created if needed), each under a temporary name renamed into place.
    public static func write(_ files: [File], toFolder folder: String) throws(OutputError) {
        for f in files { try MeasurementsFile.write(text: f.text, toFolder: folder, name: f.name) }
    }
}
