import Decision
import Foundation
import ImplantAnalysis
import Measurements
import Phantom
import Report
import ScanIO
import VolumeCore

/// A small phantom with a known buccal dehiscence (Schwarz Ia) 4 mm deep, analysed once for all tests.
struct DefectFixture: Sendable {
    static let defectDepthMm = 4.0
    static let shared: DefectFixture = {
        do { return try DefectFixture() } catch { fatalError("phantom: \(error)") }
    }()

    let volume: Volume<Int16>
    let truth: PhantomTruth
    let analysis: ScanAnalysis
    let decisions: DecisionReport

    init() throws {
        var spec = PhantomSpec()
        spec.volume.voxelMm = 0.25
        spec.volume.fieldOfViewMm = [18, 18, 16]
        spec.implants = [ImplantSpec(archAngleDeg: 30, diameterMm: 4.1, lengthMm: 10,
                                     defect: DefectSpec(schwarzClass: "Ia", depthMm: Self.defectDepthMm))]
        let phantom = try PhantomGenerator.generate(spec, seed: 41)
        var v = Volume<Int16>(size: phantom.stored.size, geometry: phantom.stored.geometry, repeating: 0)
        let intercept = Int(phantom.truth.scan.rescaleIntercept)
        phantom.stored.withUnsafeBufferPointer { stored in
            v.withUnsafeMutableBufferPointer { out in for i in out.indices { out[i] = Int16(Int(stored[i]) + intercept) } }
        }
        volume = v
        truth = phantom.truth
        analysis = ImplantAnalyzer.analyzeInDetail(v, source: "phantom/dehiscence-4mm")
        decisions = try DecisionReport.decide(analysis.measurements, findings: nil, rules: .standard, implant: nil)
    }

    var implant: AnalyzedImplant { analysis.implants[0] }
    var measurement: ImplantMeasurement { analysis.measurements.implants[0] }
    var window: BoneWindow { BoneWindow(levels: analysis.levels) }

    func sectorLevel(_ angle: Double) -> Double { measurement.sectors.first { $0.angleDeg == angle }!.boneLevelMm }
    func truthLevel(_ angle: Double) -> Double { truth.implants[0].sectors.first { $0.angleDeg == angle }!.boneLevelMm }
}
