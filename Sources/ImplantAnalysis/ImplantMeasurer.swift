import Foundation
import Measurements
import VolumeCore

/// Every measurement of CLINICAL.md §2 around one implant whose frame is known.
struct ImplantMeasurer {
    let volume: Volume<Int16>
    let frame: ImplantFrame
    let levels: GrayLevels
    let options: AnalysisOptions
    /// Radius of the unthreaded neck, where the edge is the outer (thread) radius; nil when none is found
    /// (`ImplantFrameEstimator.neckRadius`).
    let neckRadius: Double?
    /// How far the thread crests stand out of the body's measured surface (mm): blur averages crests and
    /// roots, so the surface radius over the threads is their mean, about half a thread depth inside the
    /// envelope (`envelopeRadius`). At most `RadiusTrend.maxThreadHalfDepthMm`. Read against the body's median
    /// radius, not the trend at the neck: against the trend the walls' MAE rose by 0.005–0.008 mm on all four
    /// phantom ranges (seeds 1–260), the threads' waves tilting the fitted line a little.
    let threadHalfDepth: Double
    /// The measured surface radius averaged over `threadAverageMm` of depth about each of `frame.radii`' depths:
    /// the mean of crests and roots that `threadHalfDepth` was measured against, wherever the blur leaves the
    /// threads resolved.
    let meanRadii: [Double]
    /// The metal streaks around the implant, its own and the other implants' (`StreakField`), subtracted wherever
    /// the bone test reads (bone levels, walls, ridge). Not from the density shells: there the implant's own raised
    /// the shell means' MAE (seeds 1–40 + presets, 17.9 → 18.7 gray), while it lowered their worst error (93 → 85).
    let streaks: StreakField
    /// The metal edge's blurred tail (`MetalEdgeTail`), taken out wherever the bone test reads, as the streaks are;
    /// nil where the neck's edges give no blur (none found, or the metal clipped). Not from the density shells either:
    /// 1 mm or more out, Q(1 / 0.28) is under 2 × 10⁻⁴, half a gray value from titanium.
    let edgeTail: MetalEdgeTail?
    var probe: BoneProbe { BoneProbe(volume: volume, frame: frame, levels: levels, streaks: streaks, edgeTail: edgeTail) }

    /// `streaks`: the streaks around the implant (`StreakField`); nil reads its own alone from `volume`.
    init(volume: Volume<Int16>, frame: ImplantFrame, levels: GrayLevels, options: AnalysisOptions, streaks: StreakField? = nil) {
        self.volume = volume
        self.frame = frame
        self.levels = levels
        self.options = options
        self.streaks = streaks ?? StreakField(models: [StreakModel.estimate(volume: volume, frame: frame)])
        let neck = ImplantFrameEstimator.neckReading(volume: volume, frame: frame, levels: levels)
        neckRadius = neck?.radius
        edgeTail = neck?.sigma.map { MetalEdgeTail(level: frame.interiorGray, sigma: $0) }
        let body = Self.bodyRadii(frame)
        threadHalfDepth = neckRadius.map { neck in
            body.isEmpty ? 0 : min(max(0, neck - body[body.count / 2]), RadiusTrend.maxThreadHalfDepthMm)
        } ?? 0
        meanRadii = Self.movingAverage(frame.radii, halfWidth: Int((Self.threadAverageMm / 2 / frame.radiusStep).rounded()),
                                       split: Int((ImplantFrameEstimator.neckDepthsMm.upperBound / frame.radiusStep).rounded()))
    }

    /// The depth over which the surface radius is averaged before the thread half-depth is added (mm): longer
    /// than one thread pitch, so a thread's crest and root both fall in it. Where blur leaves the threads
    /// resolved (0.2 mm of blur at 0.25 mm voxels) the surface read at a root lies 0.1–0.2 mm inside the crests,
    /// and root plus half-depth put the envelope that far inside (walls read thick by as much at those depths).
    /// A mean over 1 mm leaves a fifth of the thread's wave for pitches of 0.6–1.25 mm; not tuned, and the
    /// phantom's pitch is 0.8 mm.
    static let threadAverageMm = 1.0

    /// The mean of `values` over `halfWidth` neighbours on each side (fewer at the ends), with the values before
    /// `split` (the neck) and from it (the threaded body) averaged apart: a mean across the neck's end took the
    /// neck's radius into the body's first half millimetre, and on a conical implant, whose neck stands 0.3 mm
    /// beyond the body's median, the envelope there reached the neck and the 1 mm walls read 0.08 mm thin.
    static func movingAverage(_ values: [Double], halfWidth: Int, split: Int) -> [Double] {
        values.indices.map { i in
            let (first, last) = i < split ? (0, min(split, values.count) - 1) : (split, values.count - 1)
            let window = values[max(first, i - halfWidth)...min(last, i + halfWidth)]
            return window.reduce(0, +) / Double(window.count)
        }
    }

    /// `meanRadii` interpolated at a depth.
    func meanRadius(atDepth d: Double) -> Double { ImplantFrame.interpolate(meanRadii, step: frame.radiusStep, atDepth: d) }

    /// The body's surface radii over `RadiusTrend`'s depths (clear of the neck and the apical taper), sorted.
    static func bodyRadii(_ frame: ImplantFrame) -> [Double] {
        RadiusTrend.bodyPoints(frame.radii, step: frame.radiusStep, length: frame.length).map(\.radius).sorted()
    }

    /// Radius of the thread envelope at a depth: the implant surface from which walls and density shells are
    /// measured (CLINICAL.md §2.5, §2.6; the phantom's truth measures them from the same envelope). At the
    /// neck the measured surface is already the envelope; over the body it is the surface's mean over a thread
    /// (`meanRadii`) plus `threadHalfDepth`, never inside the surface itself and never beyond the neck.
    func envelopeRadius(atDepth d: Double) -> Double {
        let r = frame.radius(atDepth: d)
        return min(max(meanRadius(atDepth: d) + threadHalfDepth, r), max(r, neckRadius ?? r))
    }

    /// First bone-to-implant contact: bone continuously for this long (CLINICAL.md §2.3).
    static let continuousBoneMm = 0.5
    /// At coarse voxels a run that also spans this many voxels is taken before shorter runs above it: at 0.4 mm,
    /// 0.5 mm of "bone" can be one voxel lifted by noise or a streak over soft tissue, and two voxels show
    /// continuity that one cannot. A sector with no such run keeps its first run of `continuousBoneMm` (a thin
    /// plate's contact at the crest, with the implant bare below it: with two voxels required outright, seed 459's
    /// buccal level read 8.2 mm too deep). On phantom seeds 1–660 (3 292 sites; only 0.3 and 0.4 mm voxels change)
    /// the sites' MAE went 0.089 → 0.085 mm and errors over 2 mm 16 → 10 (seed 547 #1 mesial −3.38 → −0.12 mm,
    /// 561 #0 −3.49 → −0.32, 564 #0 −2.73 → −1.45; 189 #0 buccal −3.68 → −1.88; 326 #0 now Schwarz Ib, as the truth).
    static let continuousBoneVoxels = 2.0
    /// Bone walls are looked for this far from the implant surface.
    static let wallSearchMm = 4.0
    static let wallDepthsMm = [1.0, 3.0, 5.0]
    /// A wall at a named depth is the median of its readings at these offsets (mm) from that depth. One reading
    /// ends early wherever a dark streak or a marrow space crosses its ray as soft tissue, which the depths
    /// beside it do not share; where the wall itself changes with depth (the crest, a defect's edge) it changes
    /// steadily over a millimetre, and the median of readings spaced evenly about a depth is the reading there.
    /// Seed 31 #0 (D4 bone at 315 HU under 330 HU dark streaks): the buccal wall at mid-depth (4.0 mm, truth 3.02)
    /// read 3.13, 3.07, 0.65, 1.83, 3.05 mm over the five depths, and was the middle one, 0.65. Where most of the
    /// five end early the median does too (seed 31 #1, lingual 3 mm: 4.53, 6.08, 7.02, 7.04, 6.10 against 7.02).
    /// Chosen, not tuned: half a millimetre either side in quarters.
    static let wallDepthOffsetsMm = [-0.5, -0.25, 0, 0.25, 0.5]
    static let ridgeDepthsMm = [1.0, 3.0, 5.0]
    static let shells: [(inner: Double, outer: Double)] = [(1, 2), (2, 3)]
    static let rayStepMm = 0.05
    static let beyondApexLimitMm = 10.0
    /// Sector levels are median-filtered over this many neighbours on each side (±15°): a metal streak
    /// darkens or brightens a narrow line through the implant and would otherwise make sectors jump, while
    /// a defect's edges survive a median. Next to the implant a streak with the band's ±5° covers up to
    /// three sectors (seed 22: a bright streak read as bone in the defect lifted three buccal sectors by up to
    /// 3 mm through a ±10° median); a median of seven outvotes three.
    static let sectorMedianHalfWidth = 3

    var depthStep: Double { min(0.1, volume.geometry.spacing.min() / 2) }
    /// Depth steps from the shoulder to the apex (the last one at `depthSteps` × `depthStep`).
    var depthSteps: Int { Int((frame.length / depthStep).rounded()) }

    /// Bone in contact on the band grid (`BoneProbe.bandGrid`), read against `threshold`
    /// (`BoneProbe.contactThreshold`), with marrow spaces filled (`ContactMap`).
    func contactMap(grid: [[Double]], threshold: Double) -> ContactMap {
        ContactMap(grid: grid, threshold: threshold, water: levels.water,
                   runSteps: Int((Self.continuousBoneMm / depthStep).rounded()), depthStep: depthStep)
    }

    /// The band nearer the surface than the artifact margin that a level is moved up along (`NearBand`), read against
    /// `threshold`; nil where the edge's blur is not known or the band would not be nearer.
    func nearBand(threshold: Double) -> NearBand? {
        NearBand.margin(edgeSigma: edgeTail?.sigma, artifactMargin: options.artifactMarginMm).map { margin in
            let grid = probe.bandGrid(margin: margin, depthStep: depthStep, steps: depthSteps)
            return NearBand(grid: grid, contact: contactMap(grid: grid, threshold: threshold))
        }
    }

    /// Bone level and wall of sector `k`; bone is in contact where `contact` says so (`contactMap`), and the
    /// level, the start of the first run of `continuousBoneMm` that spans `continuousBoneVoxels` (else of the first
    /// run of `continuousBoneMm`), is moved up along the contact `near` continues above it (`NearBand.raised`), then to
    /// a cortical crest's half-maximum edge (`BoneProbe.crestEdge`) on `grid`, or on the near band's grid where it
    /// moved, read against `threshold`.
    func sector(_ k: Int, grid: [[Double]], contact: ContactMap, threshold: Double,
                near: NearBand? = nil) -> (DefectClassifier.Sector, measured: Bool) {
        let angle = SectorGeometry.angleDeg(ofSector: k)
        let margin = options.artifactMarginMm
        let steps = depthSteps
        var level: Double?
        var firstRun: Double?
        var runStart: Double?
        let water = levels.water
        let voxelRun = max(Self.continuousBoneMm, Self.continuousBoneVoxels * volume.geometry.spacing.max())
        for i in 0..<grid[k].count {
            let d = Double(i) * depthStep
            if contact.cells[k][i] {
                let start = runStart ?? d
                runStart = start
                if firstRun == nil, d - start >= Self.continuousBoneMm - 1e-9 { firstRun = start }
                if d - start >= voxelRun - 1e-9 { level = start; break }
            } else {
                runStart = nil
            }
        }
        level = level ?? firstRun
        // Moved up along the contact a band nearer the surface continues (`NearBand`); the crest's edge then read there.
        var column = grid[k]
        if let start = level, let near, let top = near.raised(sector: k, from: Int((start / depthStep).rounded())) {
            level = Double(top) * depthStep
            column = near.grid[k]
        }
        if let start = level {
            level = BoneProbe.crestEdge(column, from: start, step: depthStep, threshold: threshold, water: water,
                                        maxShift: BoneProbe.crestMaxShiftVoxels * volume.geometry.spacing.min(),
                                        stepShift: BoneProbe.crestStepShiftSigmas * (edgeTail?.sigma ?? 0))
        }
        // Unmeasured: the band left the scan before contact was found.
        let measured = level != nil || grid[k].count == steps + 1
        let boneLevel = level ?? runStart ?? frame.length
        // Walls: the first depth where bone stands anywhere within the search distance.
        var wallTop: Double?
        var wallRun: Double?
        for i in 0...steps {
            let d = Double(i) * depthStep
            if d > boneLevel { break }
            var any = false
            var gap = margin
            while gap <= Self.wallSearchMm {
                if probe.isBone(depth: d, gap: gap, angleDeg: angle) == true { any = true; break }
                gap += 0.25
            }
            if any {
                let start = wallRun ?? d
                wallRun = start
                if d - start >= Self.continuousBoneMm - 1e-9 { wallTop = start; break }
            } else {
                wallRun = nil
            }
        }
        // The defect's width: from the thread envelope (the surface walls are measured from) to the wall at
        // mid-defect, looked for from the artifact margin (inside it the implant's own blurred edge reads as
        // bone, and every defect was 0 mm wide). From the measured surface it read the half thread depth wider.
        var wallGap: Double?
        if let top = wallTop, boneLevel - top >= DefectClassifier.wallHeightMm {
            let mid = (top + boneLevel) / 2
            var gap = margin
            while gap <= Self.wallSearchMm {
                if probe.isBone(depth: mid, gap: gap, angleDeg: angle) == true {
                    wallGap = max(0, gap - (envelopeRadius(atDepth: mid) - frame.radius(atDepth: mid)))
                    break
                }
                gap += Self.rayStepMm
            }
        }
        return (DefectClassifier.Sector(angleDeg: angle, level: boneLevel, wallTop: wallTop, wallGap: wallGap), measured)
    }

    /// Whether a gap in a wall has reached soft tissue is read on the mean of rays 5° apart over ± this
    /// angle (degrees). A metal streak or a marrow space darkens a narrow angle only, and read on the three
    /// rays of the profile it ended walls early (a 4.2 mm buccal wall measured 0.8 mm under a dark streak).
    /// Empirical: on `accuracy --count 40 --seed 1 --presets`, ±10° changed nothing, ±15° and ±20° took the
    /// worst buccal wall error from 3.4 to 2.4 and 2.1 mm; on held-out seeds 41–120, ±20° took it from 3.0
    /// to 1.2 mm and the buccal MAE from 0.27 to 0.23 mm.
    static let wallEndHalfAngleDeg = 20.0
    /// The wall profile is the mean of the rays within this angle of the wall's direction (degrees).
    static let wallProfileHalfAngleDeg = 5.0
    /// Reach of the wall profile from the implant surface (mm).
    static let wallProfileReachMm = 15.0

    /// Thickness of the first run of bone from the surface outwards (contact assumed inside the margin),
    /// read on the mean of three rays 5° apart, bridging gaps shorter than `WallRay.gapBridgeMm`.
    ///
    /// `contact`: the bone-level profile has bone against the implant at this depth and angle. The run then
    /// starts at the surface even where the margin's samples read below the bone threshold, and what
    /// follows is bridged as a gap would be: low-density cancellous bone darkened by a streak or a
    /// marrow space (seed 31: D4 bone at 315 HU under a 330 HU dark streak read −30 to 130 over the first
    /// 1.7 mm, and the 3.1 mm buccal wall measured as its 1.0 mm cortex). Without a bone sample before the
    /// run ends, the run is looked for as without contact.
    ///
    /// Where the scan's bone threshold finds no bone against the implant before the run ends, the run from the
    /// surface is looked for again with the threshold the sectors were read with, `contactThreshold`
    /// (`BoneProbe.contactThreshold`, lowered for D4 bone), before the wall is taken as across soft tissue: the sectors
    /// say the bone touches there. The soft-tissue cut that ends a wall (`GrayLevels.softTissueCut`) is then taken
    /// from that threshold too. Seed 914 (313 HU cancellous bone, 0.4 mm voxels, blooming over-corrected): the
    /// cancellous bone beside the implant read 250–300 against a scan threshold of 287, and the 2.9–3.1 mm walls at
    /// 5 mm and mid-implant were measured as their 1.6–1.8 mm outer cortex. Over eight ranges of phantom seeds (1–40
    /// with the presets, 41–120, 261–660 and 901–980; `accuracy`) twelve walls changed: seed 914's four (1.18–1.37 mm
    /// off → 0.01–0.06), seed 31 #0's lingual wall at 1 mm (1.07 → 0.00), seed 530 #0's at mid-implant (1.13 →
    /// 0.12), three by 0.002–0.03 mm (two nearer the truth); at the bone level, seed 294 #0's 4.7 mm lingual wall at
    /// 5 mm and mid-implant (2.2 → 0.01) and seed 568 #0's buccal wall at mid-implant (0.38 → 0.34).
    /// Tried with the scan's soft-tissue cut, seed 914 #0's lingual walls still ended at the dark cancellous bone
    /// (1.68 mm), and seed 294 #0's lingual wall, with a 1.4 mm marrow space in 313 HU bone, read 1.5 mm. Tried with
    /// the implant's threshold first, the outer edges of walls the scan's threshold reads moved too (seed 520 #1's
    /// buccal wall at 1 mm 0.276 → 0.301 mm off).
    ///
    /// The run's outer edge is placed at half the way from the outer cortex's peak down to the soft tissue beyond
    /// it. The scan's blur spreads a cortical edge over a few voxels, and the bone threshold, which sits low enough
    /// for D4 bone, cuts that slope well outside the true edge (0.25–0.5 mm thicker walls at 0.25–0.4 mm voxels);
    /// the half-maximum point of a blurred step is the step itself. A run that starts beyond soft tissue (a wall
    /// across a moat) has its inner edge read half-way too (`WallRay.innerEdge`).
    func wall(depth: Double, angleDeg: Double, contact: Bool, contactThreshold: Double) -> Double {
        let ray = wallRay(depth: depth, angleDeg: angleDeg, squareToRay: contact)
        if contact {
            if let run = ray.run(fromSurface: true) { return ray.halfMaximumThickness(run) }
            var touching = ray
            touching.levels.boneThreshold = contactThreshold
            if let run = touching.run(fromSurface: true) { return touching.halfMaximumThickness(run) }
        }
        guard let run = ray.run(fromSurface: false) else { return 0 }
        return ray.halfMaximumThickness(run)
    }

    /// The gray values from the artifact margin out to `wallProfileReachMm` along one direction at one depth.
    ///
    /// `squareToRay`: the wall is bone against the implant, a plate whose outer face (the ridge's) stands square to
    /// the ray rather than round the axis. The profile's side rays are then read as far from the plane through the
    /// axis square to the centre ray as the centre ray's sample: at the same distance from the axis they reach
    /// such a face 1/cos(5°) − 1 = 0.4 % further out, 0.017 mm at 4.4 mm, where the truth reads along the centre
    /// ray. Not for a plate across a moat round the implant, whose inner face is round the axis (the 3 mm buccal
    /// plates beyond circumferential moats of phantom seeds 95 and 167 read 0.03–0.04 mm thicker that way).
    func wallRay(depth: Double, angleDeg: Double, squareToRay: Bool = false) -> WallRay {
        let r0 = envelopeRadius(atDepth: depth)
        let margin = options.artifactMarginMm, step = Self.rayStepMm
        let count = Int(((Self.wallProfileReachMm - margin) / step).rounded(.down)) + 1
        let fan = Self.wallEndHalfAngleDeg
        let angles = Array(stride(from: -fan, through: fan, by: 5.0))
        var profile = [Double?](repeating: nil, count: count), wide = profile
        for k in 0..<count {
            let gap = margin + Double(k) * step
            var sum = 0.0, n = 0, wideSum = 0.0, wideN = 0
            for da in angles {
                guard let v = probe.corrected(at: frame.point(depth: depth, radius: r0 + gap, angleDeg: angleDeg + da), gap: gap)
                else { continue }
                wideSum += v; wideN += 1
                guard abs(da) <= Self.wallProfileHalfAngleDeg else { continue }
                var side: Double? = v
                if squareToRay && da != 0 {
                    let rho = (r0 + gap) / cos(da * .pi / 180)
                    side = probe.corrected(at: frame.point(depth: depth, radius: rho, angleDeg: angleDeg + da), gap: rho - r0)
                }
                guard let side else { continue }
                sum += side; n += 1
            }
            profile[k] = n > 0 ? sum / Double(n) : nil
            wide[k] = wideN > 0 ? wideSum / Double(wideN) : nil
        }
        return WallRay(profile: profile, wide: wide, margin: margin, step: step, levels: levels)
    }

    /// Distance from the axis to the outermost bone in one direction at one depth.
    func extent(depth: Double, angleDeg: Double) -> Double {
        var gap = 15.0
        let r0 = frame.radius(atDepth: depth)
        while gap > 0 {
            if probe.isBone(depth: depth, gap: gap, angleDeg: angleDeg) == true { return r0 + gap + Self.rayStepMm / 2 }
            gap -= Self.rayStepMm
        }
        return r0
    }

    func boneBeyondApex() -> Double {
        var d = options.artifactMarginMm
        while d <= Self.beyondApexLimitMm {
            let p = frame.apex - frame.axis * d
            guard let v = probe.corrected(at: p, gap: d), v >= levels.boneThreshold else { break }
            d += Self.rayStepMm
        }
        return min(Self.beyondApexLimitMm, max(0, d - Self.rayStepMm / 2))
    }

    /// The gray values of the voxels beside the implant (their centres between the shoulder's and the apex's
    /// depths, `gaps` mm outside the thread envelope), sorted into `binCount` bins by `bin(depth, gap)` (nil leaves
    /// a voxel out) and passed through `transform(value, gap)`; within a bin, in the order of a serial z, y, x walk.
    func valuesBeside(gaps: Range<Double>, binCount: Int, bin: @Sendable (_ depth: Double, _ gap: Double) -> Int?,
                      transform: @Sendable (_ value: Double, _ gap: Double) -> Double) -> [[Double]] {
        let slabBins = walkBeside(gaps: gaps, depths: 0..<frame.length,
                                  initial: [[Double]](repeating: [], count: binCount)) { d, gap, value, bins in
            if let k = bin(d, gap) { bins[k].append(transform(value, gap)) }
        }
        return (0..<binCount).map { k in slabBins.flatMap { $0[k] } }
    }

    /// Visits the voxels beside the implant whose centres lie `depths` mm below the shoulder and `gaps` mm outside the
    /// thread envelope, as `visit(depth, gap, value, &state)`, in z-slabs in parallel, each from `initial`; returns the
    /// slabs' states in slab order (within a slab, a serial z, y, x walk).
    func walkBeside<State: Sendable>(gaps: Range<Double>, depths: Range<Double>, initial: State,
                                     visit: @Sendable (_ depth: Double, _ gap: Double, _ value: Double, _ state: inout State) -> Void) -> [State] {
        let g = volume.geometry
        let outer = (frame.radii.max() ?? 0) + threadHalfDepth + gaps.upperBound
        // Bounding box of the region in index space.
        var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
        for p in [frame.shoulder - frame.axis * depths.lowerBound, frame.shoulder - frame.axis * depths.upperBound] {
            for corner in [SIMD3<Double>(-1, -1, -1), [1, 1, 1], [-1, 1, 1], [1, -1, -1], [1, -1, 1], [-1, 1, -1], [1, 1, -1], [-1, -1, 1]] {
                let i = g.continuousIndex(ofPoint: p + corner * (outer + 0.5))
                lo = pointwiseMin(lo, i); hi = pointwiseMax(hi, i)
            }
        }
        let maxIndex = SIMD3<Double>(Double(volume.size.x - 1), Double(volume.size.y - 1), Double(volume.size.z - 1))
        lo = pointwiseMax(lo.rounded(.down), .zero); hi = pointwiseMin(hi.rounded(.up), maxIndex)
        // Parallel over z-slabs; each slab's values, concatenated in slab order, are the serial loop's.
        let zRange = Int(lo.z)...Int(hi.z), yRange = Int(lo.y)...Int(hi.y), xRange = Int(lo.x)...Int(hi.x)
        // Along a row of the box the distance from the axis is the root of a quadratic in x: only the stretch of the
        // row within the region's largest radius is visited (every voxel of the region lies in it).
        @Sendable func row(y: Int, z: Int) -> ClosedRange<Int>? {
            let q0 = frame.radialOffset(g.physicalPoint(ofIndex: SIMD3(0, Double(y), Double(z))))
            let radialStep = frame.radialOffset(g.physicalPoint(ofIndex: SIMD3(1, Double(y), Double(z)))) - q0
            let a = dot(radialStep, radialStep), b = 2 * dot(q0, radialStep), c = dot(q0, q0) - outer * outer
            guard a > 1e-12 else { return c <= 0 ? xRange : nil }
            let discriminant = b * b - 4 * a * c
            guard discriminant >= 0 else { return nil }
            let root = discriminant.squareRoot()
            let from = max(xRange.lowerBound, Int(((-b - root) / (2 * a)).rounded(.down)) - 1)
            let to = min(xRange.upperBound, Int(((-b + root) / (2 * a)).rounded(.up)) + 1)
            return from <= to ? from...to : nil
        }
        return volume.withUnsafeBufferPointer { voxels in
            let shared = UnsafeSendable(voxels)
            return SlabPartition.map(slices: zRange.count) { [self] _, slabs in
                var state = initial
                for z in (zRange.lowerBound + slabs.lowerBound)..<(zRange.lowerBound + slabs.upperBound) {
                    for y in yRange {
                        guard let xs = row(y: y, z: z) else { continue }
                        for x in xs {
                            let p = g.physicalPoint(ofIndex: SIMD3(Double(x), Double(y), Double(z)))
                            let (d, rho) = frame.depthAndRadius(p)
                            guard depths.contains(d) else { continue }
                            let gap = rho - envelopeRadius(atDepth: d)
                            guard gaps.contains(gap) else { continue }
                            visit(d, gap, Double(shared.value[volume.offset(x: x, y: y, z: z)]), &state)
                        }
                    }
                }
                return state
            }
        }
    }

    func densityShells() -> [DensityShell] {
        // Blooming at the scanner's own scale where it was calibrated; the bone test keeps the published figures, so that
        // bone levels do not depend on whether a calibration was given (a site's scans are compared over years).
        let length = frame.length, water = levels.water, scale = options.calibration?.bloomingScale ?? 1
        let shells = Self.shells, w = ShellFaceFlux.halfWidthMm, h = ShellFaceFlux.binMm, bins = ShellFaceFlux.binCount
        // The faces: 1, 2 and 3 mm from the envelope within each third's depths (radial), and at the shoulder, the thirds'
        // ends and the apex within each shell's gaps (depth). Profile p of `ShellFaceFlux` holds bins p·bins..<(p + 1)·bins:
        // radial ones first, third by third, then depth ones, shell by shell.
        let radialFaces = [shells[0].inner] + shells.map(\.outer), depthFaces = (0...3).map { Double($0) * length / 3 }
        @Sendable func radialProfile(_ third: Int, _ face: Int) -> Int { third * radialFaces.count + face }
        @Sendable func depthProfile(_ shell: Int, _ face: Int) -> Int { 3 * radialFaces.count + shell * depthFaces.count + face }
        let total = depthProfile(shells.count, 0) * bins
        // One walk: the shells' values (voxel centres within a shell and a third), and the faces' profiles around them.
        let slabs = walkBeside(gaps: (radialFaces[0] - w)..<(radialFaces[radialFaces.count - 1] + w), depths: -w..<(length + w),
                               initial: (values: [[Double]](repeating: [], count: 3 * shells.count),
                                         sums: [Double](repeating: 0, count: total), counts: [Double](repeating: 0, count: total))) {
            d, gap, value, state in
            let v = BloomingModel.corrected(value, distance: gap, water: water, scale: scale)
            func add(_ index: Int) { state.sums[index] += v; state.counts[index] += 1 }
            let shell = shells.firstIndex { gap >= $0.inner && gap < $0.outer }
            if d >= 0, d < length {
                let third = min(2, Int(3 * d / length))
                if let shell { state.values[3 * shell + third].append(v) }
                for (f, face) in radialFaces.enumerated() where abs(gap - face) < w {
                    add(radialProfile(third, f) * bins + min(bins - 1, Int((gap - face + w) / h)))
                }
            }
            if let shell {
                for (f, face) in depthFaces.enumerated() where abs(d - face) < w {
                    add(depthProfile(shell, f) * bins + min(bins - 1, Int((d - face + w) / h)))
                }
            }
        }
        var sums = [Double](repeating: 0, count: total), counts = sums
        for slab in slabs {
            for i in 0..<total { sums[i] += slab.sums[i]; counts[i] += slab.counts[i] }
        }
        let flux = faceFluxes(sums: sums, counts: counts)
        func radialFlux(_ third: Int, _ face: Int) -> Double { flux[radialProfile(third, face)] }
        func depthFlux(_ shell: Int, _ face: Int) -> Double { flux[depthProfile(shell, face)] }
        let names = ["coronal", "middle", "apical"]
        return (0..<(3 * shells.count)).map { k in
            var values = slabs.flatMap { $0.values[k] }
            let n = Double(max(1, values.count))
            let mean = values.reduce(0, +) / n
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
            func q(_ f: Double) -> Double {
                values.isEmpty ? 0 : OrderStatistic.select(min(values.count - 1, Int(f * Double(values.count))), in: &values)
            }
            let s = k / 3, shell = shells[s], third = k % 3
            // The blur's transfer across the shell's faces (`ShellFaceFlux`), per unit of the shell's volume: the radial
            // faces' areas over the volume between them, the depth faces' over the third's height.
            let r = envelopeRadius(atDepth: (Double(third) + 0.5) * length / 3)
            let radial = 2 * ((r + shell.inner) * radialFlux(third, s) - (r + shell.outer) * radialFlux(third, s + 1))
                / ((shell.outer - shell.inner) * (2 * r + shell.inner + shell.outer))
            let depth = (depthFlux(s, third) - depthFlux(s, third + 1)) / (length / 3)
            let read = DensityShell(innerMm: shell.inner, outerMm: shell.outer, third: names[third],
                                    mean: values.isEmpty ? mean : mean + radial + depth, median: q(0.5),
                                    sd: sd, p10: q(0.1), p90: q(0.9), voxelCount: values.count)
            return options.calibration.map { $0.inHU(read) } ?? read
        }
    }

    /// `ShellFaceFlux` of each of the faces' profiles, `ShellFaceFlux.binCount` bins each in `sums` and `counts`
    /// (gray values with blooming divided out as the shells' are).
    func faceFluxes(sums: [Double], counts: [Double]) -> [Double] {
        let bins = ShellFaceFlux.binCount
        // The scan's blur: the neck's edges' where they give it, less the trilinear sampling they were read with (a
        // triangle kernel a voxel wide either side, variance v²/6 along any direction: the profiles take each voxel's
        // own value). No step is fitted sharper than it, nor than a voxel (a box, variance v²/12); where the neck gives
        // no blur, the sharpest step fitted is taken for it.
        let spacing = volume.geometry.spacing, squared = (spacing * spacing).sum() / 3
        let neck = edgeTail.map { max(0, $0.sigma * $0.sigma - squared / 6).squareRoot() }
        let sharpest = max(neck ?? 0, (squared / 12).squareRoot())
        let fits = (0..<(sums.count / bins)).map { profile in
            ShellFaceFlux.fit(sums: sums[(profile * bins)..<((profile + 1) * bins)], counts: counts[(profile * bins)..<((profile + 1) * bins)],
                              sharpestSigma: sharpest)
        }
        let blur = neck ?? fits.compactMap { $0?.sigma }.min() ?? sharpest
        return fits.map { $0.map { ShellFaceFlux.flux($0, blurSigma: blur) } ?? 0 }
    }

    /// Every measurement; bone contact is read against `contactThreshold` (`BoneProbe.contactThreshold`).
    func measure(clampedVoxels: Int, contactThreshold threshold: Double) -> ImplantMeasurement {
        let reference = options.collarMm
        var unmeasured: [Double] = []
        let grid = probe.bandGrid(margin: options.artifactMarginMm, depthStep: depthStep, steps: depthSteps)
        let contact = contactMap(grid: grid, threshold: threshold)
        let near = nearBand(threshold: threshold)
        let measured = (0..<SectorGeometry.sectorCount).map { k -> DefectClassifier.Sector in
            let (s, measured) = sector(k, grid: grid, contact: contact, threshold: threshold, near: near)
            if !measured { unmeasured.append(s.angleDeg) }
            return s
        }
        let raw = measured.map(\.level)
        let n = raw.count, h = Self.sectorMedianHalfWidth
        let filtered = (0..<n).map { k in ((k - h)...(k + h)).map { raw[($0 + n) % n] }.sorted()[h] }
        let refined = SectorEdgeRefiner.refine(filtered, probe: probe, margin: options.artifactMarginMm)
        let results = zip(measured, refined).map { sector, level in
            var s = sector
            s.level = level
            return s
        }
        let sectors = results.map { SectorBoneLevel(angleDeg: $0.angleDeg, boneLevelMm: $0.level) }
        let sites = SectorGeometry.siteValues(sectors)
        let worst = sites.max
        let lossPercent = max(0, worst - reference) / frame.length * 100
        let defect = DefectClassifier.classify(results, reference: reference, length: frame.length, lossPercent: lossPercent) {
            wallRay(depth: $0, angleDeg: $1).plateThickness()
        }

        func sideLevel(_ angle: Double) -> Double { results.first { $0.angleDeg == angle }?.level ?? frame.length }
        func sideWall(_ d: Double, _ angle: Double) -> Double {
            let level = sideLevel(angle)
            var values = Self.wallDepthOffsetsMm.map { d + $0 }.filter { $0 >= 0 && $0 <= frame.length }.map {
                wall(depth: $0, angleDeg: angle, contact: $0 >= level, contactThreshold: threshold)
            }
            return OrderStatistic.select(values.count / 2, in: &values)
        }
        var walls = Self.wallDepthsMm.map { d in
            WallThickness(depthMm: d, label: "\(Int(d))mm", buccal: sideWall(d, 0), lingual: sideWall(d, 180))
        }
        let mid = frame.length / 2
        walls.append(WallThickness(depthMm: mid, label: "mid", buccal: sideWall(mid, 0), lingual: sideWall(mid, 180)))
        let ridge = Self.ridgeDepthsMm.map { k in
            RidgeWidth(depthMm: k, widthMm: extent(depth: reference + k, angleDeg: 0) + extent(depth: reference + k, angleDeg: 180))
        }
        let shells = densityShells()
        let shellMean = shells.reduce(0) { $0 + $1.mean * Double($1.voxelCount) } / Double(max(1, shells.reduce(0) { $0 + $1.voxelCount }))

        // Diameter: at the unthreaded neck (0.3–1.0 mm below the shoulder), where the measured edge is the
        // outer diameter; over the threads blur averages crests and roots.
        let body = Self.bodyRadii(frame)
        let diameter = 2 * (neckRadius ?? (body.isEmpty ? (frame.radii.max() ?? 0) : body[min(body.count - 1, Int(0.9 * Double(body.count)))]))

        var flags: [String] = []
        if levels.reachesTop(frame.interiorGray) { flags.append("metalSaturated") }
        if walls.contains(where: { $0.buccal > 0 && $0.buccal <= MeasurementQuality.thinWallMm }) { flags.append("thinBuccalWall") }
        if ImplantMeasurement.hasWallAtBoneLevel(walls: walls, sectors: sectors, lengthMm: frame.length) {
            flags.append("wallAtBoneLevel")
        }
        if !options.densitiesInHU { flags.append("uncalibrated") }
        if frame.buccalConfidence != "high" { flags.append("buccalDirectionUncertain") }
        if !unmeasured.isEmpty { flags.append("sectorsOutsideField") }

        func lps(_ v: SIMD3<Double>) -> [Double] { [v.x, v.y, v.z] }
        return ImplantMeasurement(
            lengthMm: frame.length, diameterMm: diameter, axis: lps(frame.axis), shoulderMm: lps(frame.shoulder),
            apexMm: lps(frame.apex), buccalDirection: lps(frame.buccal), mesialDirection: lps(frame.mesial),
            material: MaterialClassifier.classify(interior: frame.interiorGray, levels: levels),
            boneLevelMm: sites,
            boneLossPercent: lossPercent, referenceMm: reference, sectors: sectors, defect: defect,
            wallThicknessMm: walls, densityShells: shells, mischClass: MischDensity.classify(meanHU: shellMean),
            ridgeWidthMm: ridge, boneBeyondApexMm: boneBeyondApex(),
            quality: MeasurementQuality(voxelMm: volume.geometry.spacing.min(), artifactMarginMm: options.artifactMarginMm,
                                        buccalDirectionConfidence: frame.buccalConfidence, calibrated: options.densitiesInHU,
                                        clampedVoxels: clampedVoxels, unmeasuredSectorsDeg: unmeasured, flags: flags))
    }
}
