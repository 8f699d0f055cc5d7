import Measurements
import Testing
@testable import ImplantAnalysis

/// Marrow spaces under bone are filled in the contact map; a defect, open to the shoulder's row or to where the band
/// leaves the scan, is not.
@Suite struct ContactMapTests {
    /// A 72-sector grid, `rows` deep, where `bone(k, i)` says which cells hold bone (true) and the rest soft tissue.
    func cells(rows: Int, _ bone: (Int, Int) -> Bool) -> [[Bool]] {
        (0..<SectorGeometry.sectorCount).map { k in (0..<rows).map { i in bone(k, i) } }
    }

    /// Counted by hand: a space of 3 rows × 11 sectors under a cap of 3 rows is filled with `maxSteps` 4 (the rows span
    /// 2 steps); the same space open to the first row through one sector, or 6 rows deep, is not.
    @Test func onlyAClosedShallowSpaceIsFilled() {
        func space(_ k: Int, _ i: Int) -> Bool { (10...20).contains(k) && (6...8).contains(i) }
        var closed = cells(rows: 20) { k, i in i >= 3 && !space(k, i) }
        ContactMap.fillEnclosed(&closed, maxSteps: 4)
        #expect(closed.allSatisfy { column in column[3...].allSatisfy { $0 } })
        #expect(closed.allSatisfy { column in column[..<3].allSatisfy { !$0 } })

        // A chimney at sector 15 joins the space to the soft tissue above the cap: a defect's end.
        var open = cells(rows: 20) { k, i in i >= 3 && !space(k, i) && !(k == 15 && i < 6) }
        ContactMap.fillEnclosed(&open, maxSteps: 4)
        #expect((10...20).allSatisfy { k in (6...8).allSatisfy { i in !open[k][i] } })

        var deep = cells(rows: 20) { k, i in i >= 3 && !((10...20).contains(k) && (6...11).contains(i)) }
        ContactMap.fillEnclosed(&deep, maxSteps: 4)
        #expect((10...20).allSatisfy { k in (6...11).allSatisfy { i in !deep[k][i] } })
    }

    /// A space that reaches a column's last row, or lies beside a column that has ended (the band left the scan), is
    /// not known to be closed, and is left.
    @Test func aSpaceAtAColumnsEndIsLeft() {
        var atEnd = cells(rows: 10) { k, i in i >= 3 && !((10...20).contains(k) && i >= 8) }
        ContactMap.fillEnclosed(&atEnd, maxSteps: 4)
        #expect(!atEnd[15][8] && !atEnd[15][9])

        var beside = cells(rows: 20) { k, i in i >= 3 && !((10...20).contains(k) && (6...8).contains(i)) }
        beside[21] = Array(beside[21][..<7])
        ContactMap.fillEnclosed(&beside, maxSteps: 4)
        #expect(!beside[15][7])
    }

    /// The level through the measurer, on a band grid of 0.4 mm voxels (depth steps of 0.1 mm; soft tissue 50, bone
    /// 400, threshold 200): soft tissue to 2.0 mm, a cap of bone 0.3 mm deep, a space of 0.5 mm under it across 11
    /// sectors (55°, wider than a dark streak's gap, `BoneProbe.gapMaxSectors`), bone below. The sectors over the space
    /// read 2.0 mm, the cap, and not 2.8, under the space; with the space 1.5 mm deep they read 3.8.
    @Test func theLevelIsTheFloorAboveAMarrowSpace() {
        let m = ImplantMeasurer.onBlankVolume()
        func level(spaceMm: Double) -> Double {
            let grid = (0..<SectorGeometry.sectorCount).map { k in
                (0...m.depthSteps).map { i -> Double in
                    let d = Double(i) * m.depthStep
                    let inSpace = (10...20).contains(k) && d >= 2.3 - 1e-9 && d <= 2.3 + spaceMm - m.depthStep + 1e-9
                    return d >= 2.0 - 1e-9 && !inSpace ? 400 : 50
                }
            }
            return m.level(ofSector: 15, grid: grid, threshold: 200)
        }
        let filled = level(spaceMm: 0.5), left = level(spaceMm: 1.5)
        #expect(abs(filled - 2.0) < 1e-6, "level \(filled)")
        #expect(abs(left - 3.8) < 1e-6, "level \(left)")
    }
}
