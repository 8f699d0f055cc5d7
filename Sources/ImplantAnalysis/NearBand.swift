/// Bone against the implant read nearer than the artifact margin: where the band beyond the margin finds a sector's
/// first contact, the contact above it that a band nearer the surface still shows.
///
/// The bone test reads a band 0.5–0.7 mm from the measured surface (`ImplantMeasurer.options.artifactMarginMm`), and
/// the first contact is where bone stands 0.1 mm from it (CLINICAL.md §2.3; `GroundTruth.contactOffsetMm`). Where the
/// bone beside the implant thins or falls away toward the crest, the band finds it deeper than it touches the
/// implant: a buccal plate thinner than the band's gap is not in the band at all, and a crest that slopes down away
/// from a tilted implant crosses the band below where it meets the surface. Phantom seeds 385 #0 and 543 #0 (buccal
/// plates 0.8 and 0.71 mm thick at mid-implant, narrowing to a sliver at the crest; 0.15 mm voxels): buccal sites
/// 0.91 and 1.38 mm too deep; seed 983 #0 (a crest falling away distally): 0.61 mm.
///
/// Nearer the surface the implant's own blurred edge reads as bone, which is what the margin keeps out. Where the
/// edge's blur is known (`MetalEdgeTail`, from the neck's edges) and its tail is taken out, a band `sigmas` blur σ
/// out reads the tissue (the tail there, before it is taken out, is 2.3 % of the metal's contrast). That band only
/// moves a level up along a contact it continues: it must read contact at the level the band beyond the margin found,
/// and the level moves to the top of that contact, but not when the contact runs up to the shoulder's row: the
/// shoulder's own blurred edge lies across the top rows, and there the band is read no nearer than the margin. On the
/// phantoms that rule hardly acts: without it, 6 of the nine ranges' sites below moved, by 0.03 mm or less, three of
/// them nearer the truth.
///
/// A limit on how far a level moves up (1.5 mm, the rise of 543 #0) was tried and left out: over the nine ranges
/// below it changed no reading.
///
/// Over seeds 1–40 with the presets, 41–120, 261–660 and 901–1060 (845 implants, 3 380 sites): 147 → 156 of the
/// 180 targets; 543's buccal site 1.38 → −0.11 mm, 385's 0.91 → 0.16, 335 #1's 0.67 → 0.22, 983's distal 0.61 →
/// 0.27, 447's 0.60 → 0.45; no site moved away from the truth by more than 0.10 mm (seed 966 #0 lingual, −0.01 →
/// −0.11 at 0.4 mm voxels). A first trial at 2.5 σ gained 3 targets (543's buccal 0.54 and 983's distal 0.52 mm
/// still off). σ read 0.13 and 0.17 mm on seeds 543 and 1032 (0.15 mm voxels), and the band is nearer than the
/// margin on some scans of 0.3–0.4 mm voxels too (seed 401 #0's buccal, 0.3 mm voxels: 0.78 → 0.36 mm).
struct NearBand {
    /// The band's gap from the measured surface in the edge's blur σ (`MetalEdgeTail.sigma`). The first value tried:
    /// two standard deviations, where the tail is 2.3 % of the contrast before it is taken out.
    static let sigmas = 2.0
    /// and at least this far (mm): the thread crests stand 0.15 mm beyond the measured surface (the mean of crests
    /// and roots).
    static let minimumGapMm = 0.2

    /// The band means nearer the surface (`BoneProbe.bandGrid` at `margin(edgeSigma:artifactMargin:)`), and contact on
    /// them (`ContactMap`).
    let grid: [[Double]]
    let contact: ContactMap

    /// The near band's gap from the measured surface for an edge blurred by σ `edgeSigma` (mm); nil where σ is not
    /// known (a metal clipped at the top of the range, whose tail is not taken out) or the gap is not nearer than
    /// `artifactMargin`.
    static func margin(edgeSigma: Double?, artifactMargin: Double) -> Double? {
        guard let edgeSigma else { return nil }
        let gap = max(minimumGapMm, sigmas * edgeSigma)
        return gap < artifactMargin ? gap : nil
    }

    /// The depth step to which sector `k`'s first contact at step `level` (found beyond the margin) moves up: the top of
    /// the near band's contact that runs up from `level`. Nil where the near band reads no contact at `level`, or where
    /// that contact runs up to the shoulder's row.
    func raised(sector k: Int, from level: Int) -> Int? {
        let column = contact.cells[k]
        guard level < column.count, column[level] else { return nil }
        var top = level
        while top > 0, column[top - 1] { top -= 1 }
        return top > 0 && top < level ? top : nil
    }
}
