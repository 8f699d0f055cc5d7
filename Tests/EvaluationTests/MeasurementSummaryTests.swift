import Foundation
import Measurements
import Testing

/// The printed summary's wall rows, on the hand-made implant of `truthImplant` (its buccal sector at 0° reads 1.0 mm,
/// its lingual one at 180° 1.36 mm, walls at 1, 3, 5 mm and mid = 5 mm).
@Suite struct MeasurementSummaryTests {
    func wallLine(_ implant: ImplantMeasurement) -> String {
        MeasurementSummary.text(scan([implant])).split(separator: "\n").first { $0.contains("Walls buccal/lingual") }.map(String.init) ?? ""
    }

    @Test func aWallRowAtItsSidesBoneLevelIsMarked() {
        // Buccal 1 mm row: 0 mm from the level, marked; lingual 1 mm row: 0.36 mm, not marked.
        #expect(wallLine(truthImplant()) == "  Walls buccal/lingual: 1mm 1.5†/2.0, 3mm 1.5/2.0, 5mm 1.5/2.0, mid 1.5/2.0 mm"
                + " († at that side's bone level: trust the row below it)")
        // Lingual level at 4.8 mm: its 5 mm and mid rows (0.2 mm below) are marked too.
        var t = truthImplant()
        t.sectors[36].boneLevelMm = 4.8
        #expect(wallLine(t).hasPrefix("  Walls buccal/lingual: 1mm 1.5†/2.0, 3mm 1.5/2.0, 5mm 1.5/2.0†, mid 1.5/2.0† mm"))
        // No side's level near a row (buccal 2.0, lingual at the apex: no bone): nothing marked, no note.
        t.sectors[0].boneLevelMm = 2.0
        t.sectors[36].boneLevelMm = t.lengthMm
        #expect(wallLine(t) == "  Walls buccal/lingual: 1mm 1.5/2.0, 3mm 1.5/2.0, 5mm 1.5/2.0, mid 1.5/2.0 mm")
    }
}
