/// The metal streaks that cross one implant's surroundings: its own lines and those of the other implants in
/// the scan (`StreakModel`), added.
///
/// A streak runs through its metal across the whole axial plane, fading slowly, so another implant's lines pass beside
/// this one as well. Over the phantoms of seeds 1–660 with more than one implant (312 implants), subtracting the other
/// implants' lines too moved the site levels' MAE from 0.106 to 0.104 mm: seed 189 #0's mesial level from 0.92 to 0.41
/// mm off, seed 547 #1's (0.4 mm voxels, streaks of ±335 gray) from 5.4 to 3.4 mm; the worst change the other way, seed
/// 113 #1's worst sector, 0.05 → 0.15 mm. What 547 #1 still read there was its own streak, +250 to +280 gray where it
/// crosses the band on the mesial side (100–105°, mean over 2–8 mm of depth) against about +210 from its model (+154 at
/// 4.7 mm from the axis, rising inwards by its fall), until a run of bone had to span two voxels where one above it is
/// shorter (`ImplantMeasurer.continuousBoneVoxels`): it then read 9.40 mm against 9.52 (6.10 with its own lines alone).
/// Since the metal edge's tail is taken out (`MetalEdgeTail`) it reads 6.10 mm both ways: across the implant from
/// that streak the band fell below the threshold, so `BoneProbe.contact` no longer takes the narrow bright run for a
/// line through the axis. No phantom site is now known where the other implants' lines move a level by 1 mm; what
/// `StreakFieldTests` checks is the streaks left in the band.
struct StreakField: Sendable {
    /// The implant's own streaks first, then the other implants'.
    var models: [StreakModel]

    /// The streak excess (gray) to subtract at a point.
    func value(at p: SIMD3<Double>) -> Double {
        models.reduce(0) { $0 + $1.value(at: p) }
    }
}
