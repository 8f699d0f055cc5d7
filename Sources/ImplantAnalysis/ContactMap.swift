/// Where bone touches one implant: `BoneProbe.contact` on every cell of the band grid (sectors round the implant,
/// depth steps down from the shoulder), with the marrow spaces under bone filled in.
///
/// A peri-implant defect opens from the crest: its soft tissue reaches the shoulder's row, or runs on to where the
/// band leaves the scan. A dark region that bone closes off on every side, above it too, is a marrow space (or a
/// dark streak's stretch) inside bone. In low-density bone, under a defect's floor, such a space can lie a few
/// tenths of a millimetre below the first contact, and the contact above it is then shorter than the continuous
/// run a level needs (`ImplantMeasurer.continuousBoneMm`): the level was read under the space, up to 1 mm deep.
/// Filled, the floor is the level.
///
/// Phantom seeds 353 #0 and 488 #0 (cancellous bone of 510 and 331 HU with its texture's ±150, circumferential
/// defects with flat floors; the same with streaks rendered or not): under the floor 0.3–0.5 mm of contact, then a
/// space 0.5–0.6 mm deep and 5–11 sectors wide, and the worst sectors read 1.04 and 1.09 mm too deep.
/// With the spaces filled, over seeds 1–40 with the presets, 41–120, 261–660 and 901–1060 (845 implants, 3 380 sites):
/// 353's worst sector 1.04 → 0.17 mm and lingual site 0.67 → 0.04, 488's 1.09 → 0.09, 461 #0's 1.34 → 0.04 (0.4 mm
/// voxels; its Schwarz class now right), 31 #1's 0.60 → 0.07, 113 #1's 0.65 → 0.15, 1021 #0's 0.83 → 0.23 (buccal
/// 0.60 → 0.20), 914 #1's lingual 0.86 → 0.09; no site farther from the truth by more than 0.031 mm.
/// A dark region that stays open to the defect above is still read as defect: under the floors of seeds 949 #0,
/// 319 #0 and 636 #0 the texture's troughs join the floor's blurred edge, and those sectors read 0.5–0.8 mm deep.
struct ContactMap {
    /// `cells[k][i]`: bone in contact at sector `k`, depth step `i`; a column ends where the grid's does.
    let cells: [[Bool]]

    /// A region without contact is filled only when it spans at most this depth (mm). Marrow spaces of cancellous
    /// bone are 0.5–1 mm across (trabecular separation, widest in D4 bone); the phantom's texture, waves of
    /// 1.1–2.2 mm, makes dark regions half that deep. A defect closed off above by a false contact (a cortical
    /// crest's blurred edge across a narrow moat) is filled only where it is as shallow as a marrow space.
    static let marrowSpaceMaxMm = 1.0

    /// Contact on the band grid (`BoneProbe.contact` with `threshold`, `water` and `runSteps`), with the regions
    /// without contact that bone closes off and that span at most `marrowSpaceMaxMm` of depth filled.
    init(grid: [[Double]], threshold: Double, water: Double, runSteps: Int, depthStep: Double) {
        var cells = grid.indices.map { k in
            grid[k].indices.map { i in
                BoneProbe.contact(grid, sector: k, step: i, threshold: threshold, water: water, runSteps: runSteps)
            }
        }
        let maxSteps = Int((Self.marrowSpaceMaxMm / depthStep).rounded())
        Self.fillEnclosed(&cells, maxSteps: maxSteps)
        self.cells = cells
    }

    /// Sets every region of false cells (8-connected, round the circle of sectors) to true that neither reaches
    /// the first row nor touches a column's end, and whose rows span at most `maxSteps` + 1.
    static func fillEnclosed(_ cells: inout [[Bool]], maxSteps: Int) {
        let n = cells.count
        guard n > 0 else { return }
        var seen = cells.map { $0.map { _ in false } }
        for k0 in 0..<n {
            for i0 in cells[k0].indices where !cells[k0][i0] && !seen[k0][i0] {
                var region: [(k: Int, i: Int)] = [(k0, i0)]
                seen[k0][i0] = true
                var open = false
                var next = 0
                while next < region.count {
                    let (k, i) = region[next]
                    next += 1
                    if i == 0 || i == cells[k].count - 1 { open = true }
                    for dk in -1...1 {
                        let kk = ((k + dk) % n + n) % n
                        for di in -1...1 where dk != 0 || di != 0 {
                            let ii = i + di
                            // A neighbour beyond its column's end: the band left the scan there.
                            guard ii >= 0, ii < cells[kk].count else { open = true; continue }
                            if !cells[kk][ii] && !seen[kk][ii] {
                                seen[kk][ii] = true
                                region.append((kk, ii))
                            }
                        }
                    }
                }
                let rows = region.map(\.i)
                guard !open, rows.max()! - rows.min()! <= maxSteps else { continue }
                for (k, i) in region { cells[k][i] = true }
            }
        }
    }
}
