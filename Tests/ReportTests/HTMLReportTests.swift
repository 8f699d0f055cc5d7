import Decision
import Foundation
import Measurements
import Testing
@testable import Report

@Suite struct HTMLReportTests {
    let f = DefectFixture.shared

    func files() throws -> [AnalysisReport.File] {
        try AnalysisReport.files(volume: f.volume, analysis: f.analysis, decisions: f.decisions, rules: .standard)
    }

    @Test func pageIsSelfContained() throws {
        let page = try #require(try files().last { $0.name == "report.html" }).text
        // Nothing that could reach the network or another file.
        for needle in ["http:", "https:", "@import", "<script", "<link rel=\"stylesheet\"", "<iframe", "<object", "<embed"] {
            #expect(!page.contains(needle), "the page contains \(needle)")
        }
        // No src attribute at all (an attribute follows white space; base64 data never holds any).
        #expect(page.matches(of: /\ssrc\s*=/).isEmpty)
        // url() only to ids of the page itself; href only to data: or #ids.
        for m in page.matches(of: /url\(([^)]*)\)/) { #expect(m.output.1.hasPrefix("#"), "url(\(m.output.1))") }
        for m in page.matches(of: /href="([^"]*)"/) {
            #expect(m.output.1.hasPrefix("data:") || m.output.1.hasPrefix("#"), "href=\(m.output.1.prefix(30))")
        }
        // The three figures inline, with ids unique across the page.
        #expect(page.matches(of: /<svg[ >]/).count == 3)
        let ids = page.matches(of: /\sid="([^"]*)"/).map { String($0.output.1) }
        #expect(Set(ids).count == ids.count, "duplicate ids")
        #expect(page.matches(of: /data:image\/png;base64,/).count == 4)
    }

    @Test func pageSaysWhatWasMeasuredAndDecided() throws {
        let page = try #require(try files().last { $0.name == "report.html" }).text
        let m = f.measurement
        let r = try #require(f.decisions.implants.first).recommendation
        #expect(page.contains(Markup.escape(r.sentence)))
        for t in r.trace {
            #expect(page.contains(Markup.escape(t.ruleId)) && page.contains(Markup.escape(t.source)))
        }
        #expect(page.contains("Rule set \(r.ruleSetVersion), thresholds \(r.thresholdsHash)"))
        #expect(page.contains("<td>buccal</td><td class=\"num\">\(String(format: "%.2f", m.boneLevelMm.buccal))</td>"))
        #expect(page.contains("defect (Schwarz 2007)</th><td>\(m.defect.schwarzClass)</td>"))
        let buccal = try #require(m.buccalDirection).map { HTMLReport.num($0, decimals: 3) }.joined(separator: ", ")
        #expect(page.contains("buccal direction, 0° (LPS)</th><td>(\(buccal)), confidence \(m.quality.buccalDirectionConfidence)</td>"))
        for flag in m.quality.flags { #expect(page.contains("<code>\(flag)</code>: \(Markup.escape(FlagText.explain(flag)))")) }
        #expect(page.contains("phantom/dehiscence-4mm") && page.contains("voxel spacing</th><td>0.25 × 0.25 × 0.25 mm"))
        #expect(page.contains("@media print") && page.contains("break-before: page"))
    }

    @Test func filesAreNamedPerImplantAndWrittenWithoutLeftovers() throws {
        let files = try files()
        #expect(files.map(\.name) == ["implant-1-sections.svg", "implant-1-bonemap.svg", "implant-1-axial.svg", "report.html"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AnalysisReport.write(files, toFolder: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == files.map(\.name).sorted())
        let written = try String(contentsOfFile: folder + "/implant-1-bonemap.svg", encoding: .utf8)
        #expect(written == files[1].text + "\n")
        // Standalone SVG files declare their namespace; the page inlines them without it.
        #expect(written.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test func scanWithoutImplantsStillGetsAPage() throws {
        var analysis = f.analysis
        analysis.measurements.implants = []
        analysis.implants = []
        let decisions = try DecisionReport.decide(analysis.measurements, findings: nil, rules: .standard, implant: nil)
        let files = try AnalysisReport.files(volume: f.volume, analysis: analysis, decisions: decisions, rules: .standard)
        #expect(files.map(\.name) == ["report.html"])
        #expect(files[0].text.contains("0 implants measured"))
    }
}
