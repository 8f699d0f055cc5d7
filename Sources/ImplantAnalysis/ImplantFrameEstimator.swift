import Foundation
import VolumeCore

/// Finds an implant's frame from its metal component and the gray values around it.
enum ImplantFrameEstimator {
    /// Step along the axis for the centre-line and radius profiles.
    static let profileStepMm = 0.05
    static let radiusStepMm = 0.1
    static let profileAngles = 24
    static let maxRadiusMm = 6.0

    /// The axis is refitted along the body's centres until it turns by less than `refitConvergenceDeg` and
    /// moves by less than `refitConvergenceMm`, at most `maxRefits` times. Each refit reads the
    /// cross-sections square to the last axis, whose centres lie only part of the way to the true axis; one
    /// refit left 2° on phantom seed 97, where bloomed cortical bone as bright as the titanium lines one side
    /// of the body.
    static let refitConvergenceDeg = 0.05
    static let refitConvergenceMm = 0.01
    static let maxRefits = 10
    /// A body centre is read from the circle that most of its edges lie within this distance (mm) of
    /// (`CircleFit`): the threads' edges stay in it (0.3 mm deep, they read within ±0.06–0.1 mm of the circle
    /// once blurred), an arc of edges run out into bloomed bone as bright as the metal does not (0.3–0.8 mm on
    /// phantom seed 297; 0.2–0.3 mm on seed 153's zirconia, whose axis settled 1.23° off at 0.2 mm and 0.45° at
    /// 0.15). 0.2 and 0.15 compared on seeds 1–340: at 0.15 the axis MAE was lower on four of five ranges.
    ///
    /// What it lets through: an arc read a little inside. Phantom seed 349 #1 has the one axis over 0.76° in 660
    /// scans (1.73°). It is a 3.3 mm titanium implant at 2800 gray, with 0.15 mm voxels and an Ib dehiscence 3.87 mm
    /// deep over a 1 mm buccal plate. Below the defect's floor, the seven buccal rays read the bloomed plate 0.6 mm
    /// out at 2450–2480. Their level, half-way to that, is 2620–2640, and their edges lie 0.2 mm inside the others'.
    /// Circles 0.05–0.12 mm lingual keep all 24 edges within 0.15 mm there. Above the floor, with soft tissue
    /// buccal, the centres stand 0.01–0.09 mm buccal, and the line through both tilts.
    ///
    /// Tried and not kept (2026-11-28): leaving out of the circle the edges whose outside stands within a quarter of
    /// the metal's contrast to soft tissue. On seeds 1–660 (815 implants):
    /// - that axis went to 0.83°, the axis MAE from 0.137° to 0.118°, and axes over 0.5° from 25 to 13;
    /// - but the thin buccal bone that the lean away from it had been reading was lost: seed 359 #1 (a 0.1 mm plate
    ///   at 0.25 mm voxels) went from +0.31 to +5.38 mm, 350 #0 from +0.37 to +1.03 mm, and 335 #0 from +3.3 to
    ///   +5.0 mm;
    /// - the buccal row's MAE in seeds 341–420 went from 0.21 to 0.30 mm, over its 0.25 mm target, and seed 39 #0's
    ///   Ic was read Ie.
    /// At a share of 0.15 instead, 349 #1 read 1.19°.
    static let circleResidualMm = 0.15

    /// A clipped metal's frame is found in two stages: the axis refits read the ends as they are, then the
    /// `ClippedEdgeModel` is fitted once on the settled shoulder (on the first axis, the principal axis of
    /// the metal group, a fit on phantom seed 29 gave the metal 8800 for 3800 and the length 0.17 mm short),
    /// and a last pass with `clippedEdge` reads the ends and the radii from the corrected ends.
    static func estimate(_ component: MetalComponent, volume: Volume<Int16>, levels: GrayLevels,
                         buccalOverride: SIMD3<Double>?, refitsLeft: Int = maxRefits,
                         clippedEdge: ClippedEdgeModel? = nil) -> ImplantFrame? {
        let firstPass = refitsLeft == maxRefits
        let c = component.centroid
        var e = component.axes[0]
        let halfLength = component.spreads[0] * 3.0.squareRoot()
        // Coronal end: the one less surrounded by bone (lower mean gray just beyond it); the refit keeps
        // the orientation it was given.
        if firstPass && surroundings(volume, center: c + e * (halfLength + 2), axis: e)
            > surroundings(volume, center: c - e * (halfLength + 2), axis: e) { e = -e }

        // Ends: where the centre-line profile crosses half-way between the metal and what lies beyond.
        func g(_ t: Double) -> Double { volume.sample(atPoint: c + e * t) ?? levels.air }
        let inner = stride(from: -halfLength / 2, through: halfLength / 2, by: profileStepMm).map(g).sorted()
        guard !inner.isEmpty else { return nil }
        let metal = inner[inner.count / 2]
        // An end: first find where the profile leaves the metal threshold, then refine to where it crosses
        // half-way between the metal and the tissue `adjacentMm` beyond that point, as the sides are read. Tissue
        // beyond an end is bloomed as beside the body (+45 % at 0.5 mm, +14 % at 2 mm, Benic 2013); half-way to a
        // value read 2.5 mm out, as this once did, put the apex 0.04 mm out on average and up to 0.3 mm (phantom
        // seeds 41–120 with blooming beyond the ends, 5 lengths over 0.2 mm), the more the stronger the blooming.
        func crossing(direction: Double) -> (edge: Double, level: Double, outside: Double)? {
            let limit = halfLength + 6
            var rough = 0.0
            while rough < limit && g(direction * rough) >= levels.metalThreshold { rough += profileStepMm }
            guard rough < limit else { return nil }
            // What lies beyond an end is read no darker than soft tissue, so that a shoulder at the gingival surface
            // is read against tissue, not air: read 2.5 mm out, as this once was, the value over a shoulder 1–2 mm
            // under that surface was air, and half-way to air moved the shoulder 0.16–0.18 mm outwards (phantom
            // seeds 131, 143, 144: collar 1.8 mm, 3 mm of soft tissue over the crest).
            let outside = max(g(direction * (rough + adjacentMm)), levels.softTissue)
            let level = (metal + outside) / 2
            let edge = firstCrossing(below: level, from: max(0, rough - 1.5), to: rough + 1.5) { g(direction * $0) } ?? rough
            return (edge, level, outside)
        }
        guard let topCrossing = crossing(direction: 1), let bottomCrossing = crossing(direction: -1) else { return nil }
        // A clipped metal's ends are read outward (`ClippedEdgeModel`): each is moved in by the distance at
        // which the model of the shoulder's face crosses its level, against the tissue the model found beyond
        // the face (the level's own outside is soft tissue at least: over a shoulder in air that level is
        // higher than half-way to the air, and the shoulder was read without bias, phantom seed 195) and the
        // apex's own outside.
        let top = topCrossing.edge - (clippedEdge.map { $0.offset(level: topCrossing.level, outside: $0.tissue) } ?? 0)
        let bottom = bottomCrossing.edge - (clippedEdge.map { $0.offset(level: bottomCrossing.level, outside: bottomCrossing.outside) } ?? 0)
        let shoulder = c + e * top
        let length = top + bottom

        // Surface radius: per depth, the median over angles of the edge found in two steps: where the
        // gray value first falls below the metal threshold, then where it crosses half-way between the
        // metal and the tissue just outside that point (a level half-way to a distant value would follow
        // bloomed cortical bone outwards at the crest).
        let (a, b) = perpendicularBasis(e)
        var radii: [Double] = []
        var centres: [SIMD3<Double>] = []
        var d = 0.0
        while d <= length + 1e-9 {
            let center = shoulder - e * d
            var crossings: [Double] = []
            for k in 0..<profileAngles {
                let angle = Double(k) * 2 * .pi / Double(profileAngles)
                let dir = a * cos(angle) + b * sin(angle)
                func g(_ r: Double) -> Double { volume.sample(atPoint: center + dir * r) ?? levels.air }
                guard let rough = firstCrossing(below: levels.metalThreshold, from: 0, to: maxRadiusMm, g) else { continue }
                let level = (min(metal, highest(upTo: rough, g)) + g(rough + adjacentMm)) / 2
                let r = firstCrossing(below: level, from: max(0, rough - 1), to: rough + 1, g) ?? rough
                crossings.append(r)
            }
            let median = crossings.isEmpty ? 0 : OrderStatistic.median(crossings)
            // The body's centre at this depth (clear of neck and apex): half-way to the centre of the circle
            // its edges agree on. Half-way, as the mean of the edge points moves for a round section: the refits
            // stop where the offsets vanish whatever the step, and the whole step moved where they stopped on
            // knife-edge cases (a half moat's end on a site, a wall at a defect's floor: 2 of the 20 targets
            // lost over seeds 1–260 and nothing gained).
            if crossings.count == profileAngles && d >= 1 && d <= length - 1,
               let o = CircleFit.offset(radii: crossings, residualLimit: circleResidualMm) {
                centres.append(center + (a * o.x + b * o.y) / 2)
            }
            radii.append(median)
            d += radiusStepMm
        }
        guard let filled = Self.bodyEndsFilled(radii) else { return nil }
        radii = Self.shoulderFilled(filled, step: radiusStepMm)
        // Where bloomed crestal cortex reaches the metal threshold all round (the neck of a clipped zirconia
        // implant in dense crest, phantom seed 187: 2.75 mm at 1 mm depth on a 2.05 mm implant), the median
        // edge lies in the bone: the bone band and the walls would start beyond the bone.
        if let trend = RadiusTrend(radii: radii, step: radiusStepMm, length: length) {
            radii = trend.capping(radii, step: radiusStepMm)
        }

        // The metal group's principal axis leans towards bloomed bone merged with it; the line through the
        // body's centres at each depth does not. Refit along that line until the axis settles.
        if refitsLeft > 0, centres.count >= 10, let line = fitLine(centres) {
            let axis = dot(line.direction, e) >= 0 ? line.direction : -line.direction
            let offset = c - line.point
            let moved = VolumeCore.length(offset - axis * dot(offset, axis))
            if acos(min(1, dot(axis, e))) * 180 / .pi >= refitConvergenceDeg || moved >= refitConvergenceMm {
                var refined = component
                refined.centroid = line.point
                refined.axes[0] = axis
                return estimate(refined, volume: volume, levels: levels, buccalOverride: buccalOverride,
                                refitsLeft: refitsLeft - 1)
            }
        }
        if clippedEdge == nil, levels.reachesTop(metal),
           let model = ClippedEdgeModel.fit(volume: volume, face: c + e * topCrossing.edge, normal: e, clip: levels.highest) {
            var settled = component
            settled.axes[0] = e
            if let corrected = estimate(settled, volume: volume, levels: levels, buccalOverride: buccalOverride,
                                        refitsLeft: 0, clippedEdge: model) {
                return corrected
            }
        }

        let (buccal, mesial, confidence) = BuccalDirectionEstimator.estimate(
            volume: volume, levels: levels, shoulder: shoulder, axis: e, length: length, radii: radii,
            radiusStep: radiusStepMm, override: buccalOverride)
        return ImplantFrame(shoulder: shoulder, axis: e, length: length, radii: radii, radiusStep: radiusStepMm,
                            buccal: buccal, mesial: mesial, buccalConfidence: confidence, interiorGray: metal)
    }

    /// Outwards from the middle depth, a radius below this fraction of the last accepted one is the blurred
    /// end of the body: near the shoulder and the apex the cross-section's values stay below the metal
    /// threshold (no edge, radius 0) or pass it only near the axis (seed 76: 0.29 mm under a 2.4 mm neck).
    /// The body's own taper changes the radius by a few hundredths of a millimetre per step.
    static let endRadiusDropFraction = 0.7

    /// The surface radii with the blurred ends (`endRadiusDropFraction`) given the last accepted radius
    /// before them: read as measured they put the bone band and the shells inside the metal. Nil when the
    /// middle has no edge.
    static func bodyEndsFilled(_ radii: [Double]) -> [Double]? {
        guard !radii.isEmpty else { return nil }
        var out = radii
        let middle = radii.count / 2
        guard radii[middle] > 0 else { return nil }
        for range in [Array(middle..<radii.count), Array((0...middle).reversed())] {
            var accepted = radii[middle]
            for i in range {
                if radii[i] >= endRadiusDropFraction * accepted { accepted = radii[i] } else { out[i] = accepted }
            }
        }
        return out
    }

    /// The radii with the shoulder's blurred face taken out: from the shoulder down, until a depth reaches it,
    /// each depth shallower than the neck's deepest (`neckDepthsMm`) takes the median radius over the neck's
    /// depths. The face's blur lowers the metal's values there, and its edge reads inside the neck's
    /// (phantom seed 36, titanium 4.8 mm, 0.39 mm blur at 0.3 mm voxels: 2.24 mm at 0.3 mm depth on a 2.40 mm
    /// neck that reads 2.38 mm below), which puts the bone band's first samples into the metal's blurred edge.
    static func shoulderFilled(_ radii: [Double], step: Double) -> [Double] {
        let neck = radii.indices.filter { neckDepthsMm.contains(Double($0) * step) }.map { radii[$0] }
        guard !neck.isEmpty else { return radii }
        let median = OrderStatistic.median(neck)
        var out = radii
        for i in radii.indices where Double(i) * step < neckDepthsMm.upperBound {
            if radii[i] >= median { break }
            out[i] = median
        }
        return out
    }

    /// Least-squares line through points: their centroid and principal direction.
    static func fitLine(_ points: [SIMD3<Double>]) -> (point: SIMD3<Double>, direction: SIMD3<Double>)? {
        let c = points.reduce(SIMD3<Double>.zero, +) / Double(points.count)
        var cov = [[Double]](repeating: [0, 0, 0], count: 3)
        for p in points {
            let d = p - c
            for i in 0..<3 { for j in 0..<3 { cov[i][j] += d[i] * d[j] } }
        }
        let (values, vectors) = SymmetricEigen.decompose(cov)
        guard values[0] > 0 else { return nil }
        return (c, vectors[0])
    }

    /// Distance beyond the first sub-threshold point at which the adjacent tissue is read.
    static let adjacentMm = 0.6

    /// The unthreaded neck below the shoulder where the outer (thread) diameter is measured (the phantom's
    /// neck is 1.0 mm long, `ImplantBody.neckMm`; the first 0.3 mm are lost to the blurred shoulder).
    static let neckDepthsMm = 0.3...1.0
    /// Distance beyond the edge at which the neck's outside level is read. Half-way between the metal and a
    /// value read further out follows the fall of bloomed crestal bone (+45 % at 0.5 mm, +28 % at 1 mm,
    /// Benic 2013) outwards; read nearer, the metal's own blur tail pulls the edge inwards. 0.4 mm is
    /// the best compromise on the phantom accuracy run (seeds 1–40 and presets; 0.3 and 0.5 mm both
    /// worse, checked on seeds 41–120 as well); no published value.
    static let neckOutsideMm = 0.4
    /// Refinements of a neck edge: each moves the edge and with it the inside and outside readings;
    /// five settle it to well below 0.01 mm on the phantoms.
    static let neckIterations = 5

    /// The neck's outside level is read at least this many of the edge's own blur standard deviations beyond
    /// it (dimensionless): there the metal's blurred edge has fallen to 2.3 % of its contrast, 4.3 % as the scan's
    /// interpolation reads it at 0.4 mm voxels and σ 0.27 mm; that share is taken out (`MetalEdgeTail.interpolatedFraction`). At 0.4 mm voxels
    /// with 0.55–0.58 mm of blur the edge spreads over σ ≈ 0.27 mm, 0.4 mm beyond it still held 12 % of the
    /// metal's contrast, and the half-way level moved the edge inwards: diameters 0.16–0.26 mm small (phantom
    /// seeds 220, 224, 39).
    static let neckOutsideSigmas = 2.0
    /// Of a clipped metal's neck edges at one depth, the share with the darkest outside that the radius is
    /// read from. Half-way between the clip and the outside lies below the true half-way level by half the
    /// contrast the clip took off, and the edge's slope there is the smaller the brighter the outside: beside
    /// bloomed cortical bone (zirconia, Benic 2013's +45 % at 0.5 mm) the edge moves outwards several times as
    /// far as beside soft tissue. Phantom seed 29 (zirconia clipped at 2995 beside bone bloomed to 2500–2900):
    /// diameter 0.200 mm too large from every edge, 0.132 mm from the darker half; the zirconia preset 0.176 →
    /// 0.123 mm. Titanium, not clipped, reads every edge: the darker half alone made its diameters worse (seed
    /// 7: 0.019 → 0.38 mm off).
    static let clippedNeckEdgeShare = 0.5
    /// A blurred disc's half-way contour lies σ²/2r inside its edge: at the neck's edge the part of the blur's
    /// disc beyond the (convex) surface is larger than the part inside it. The neck's radius is moved out by that
    /// much wherever its edges' blur σ is known: 0.02 mm on a 2.05 mm neck at σ 0.29 mm (0.6 mm FWHM at 0.25 mm
    /// voxels).
    static func blurredDiscOffset(radius: Double, sigma: Double) -> Double { sigma * sigma / (2 * radius) }
    /// Neck edges are read no deeper than this many of their blur's standard deviations above the neck's end
    /// (`neckDepthsMm.upperBound`, where the threads begin). The thread roots below the neck pull a blurred neck
    /// edge inwards: at 0.6 mm FWHM (σ ≈ 0.29 mm at 0.25 mm voxels) the healthy preset's neck read 2.03 mm at
    /// 0.3 mm depth falling steadily to 1.88 mm at 1.0 mm on a 2.05 mm neck, and a Gaussian blur of the
    /// phantom's implant shape alone gives the same fall (2.02 → 1.92 at σ 0.255). At 1.5 σ the roots' share of
    /// the blur is 7 %. Chosen, not tuned. Beside bloomed crestal cortex the shallow depths read wide instead
    /// (the healthy preset with blooming at 0.6 mm FWHM: +0.052 mm, against −0.002 mm from every depth), but over
    /// the phantom ranges titanium diameters and walls are nearer the truth this way. Before the phantom bloomed
    /// only tissue (759e149) the shallow depths read wider still, and this was not kept.
    static let neckThreadClearanceSigmas = 1.5
    /// For an erf edge, the distance between its 75 % and 25 % points in standard deviations.
    static let quartileSpreadSigmas = 1.349

    /// Radius of the unthreaded neck: per depth in `neckDepthsMm`, the median over angles of the edge (for
    /// clipped metal, over the `clippedNeckEdgeShare` of the edges with the darkest outside), then the
    /// median over depths; nil when no edge is found there. The edges are read twice: with the
    /// outside level `neckOutsideMm` beyond them, then, where the metal is not clipped and the edges' median
    /// blur σ is known, `neckOutsideSigmas` σ beyond them or `neckOutsideMm`, whichever is further, with the
    /// share of the contrast that the edge's blur and the scan's interpolation leave there taken out of the
    /// outside (`MetalEdgeTail.interpolatedFraction`); the depths are then those
    /// `neckThreadClearanceSigmas` σ clear of the threads (the shallowest at least), and the radius is moved
    /// out by `blurredDiscOffset`. Never beyond the body's `RadiusTrend.envelopeLimit`
    /// at the neck: a wider reading is crestal cortical bone, bloomed to within a few hundred gray of the
    /// metal, taken for the neck's edge (phantom seed 130: titanium at 2150, cortex bloomed to 1950 beside it,
    /// diameter 0.48 mm too large, 0.12 mm bounded). With it, the edges' median blur σ as first read (mm; nil for
    /// clipped metal, whose quartiles are not its blur, or where no quartiles were found): `MetalEdgeTail`'s σ. The
    /// outside 0.4 mm out still holds the tail, and σ reads a little narrow (0.249 mm for 0.27, `MetalEdgeTailTests`);
    /// σ read again with the outside `neckOutsideSigmas` σ out (0.263 mm there) took more tail out and read seed
    /// 177's distal step 0.81 mm off (`SectorEdgeRefinerTests`, against 0.5 mm). Not kept.
    static func neckReading(volume: Volume<Int16>, frame: ImplantFrame, levels: GrayLevels) -> (radius: Double, sigma: Double?)? {
        let (a, b) = perpendicularBasis(frame.axis)
        let clipped = levels.reachesTop(frame.interiorGray)
        /// Per depth, the median edge (depths whose edge lies near the axis left out); and the edges' median blur.
        func edges(outsideMm: Double, tailSigma: Double? = nil) -> (radii: [(depth: Double, radius: Double)], sigma: Double?)? {
            var radii: [(depth: Double, radius: Double)] = [], sigmas: [Double] = []
            var k = 0
            while Double(k) * radiusStepMm <= neckDepthsMm.upperBound + 1e-9 {
                let d = Double(k) * radiusStepMm
                k += 1
                guard neckDepthsMm.contains(d) else { continue }
                let center = frame.shoulder - frame.axis * d
                var found: [(radius: Double, outside: Double)] = []
                for j in 0..<profileAngles {
                    let angle = Double(j) * 2 * .pi / Double(profileAngles)
                    let dir = a * cos(angle) + b * sin(angle)
                    let tail = tailSigma.map {
                        MetalEdgeTail.interpolatedFraction(atDistance: outsideMm, sigma: $0,
                                                           steps: volume.geometry.spacing * (volume.geometry.direction.transposed * dir))
                    } ?? 0
                    if let edge = neckEdge(metal: frame.interiorGray, levels: levels, outsideMm: outsideMm, tail: tail,
                                           { volume.sample(atPoint: center + dir * $0) ?? levels.air }) {
                        found.append((edge.radius, edge.outside))
                        if let sigma = edge.sigma { sigmas.append(sigma) }
                    }
                }
                guard !found.isEmpty else { continue }
                if clipped {
                    found.sort { $0.outside < $1.outside }
                    found = Array(found.prefix(Int((Double(found.count) * clippedNeckEdgeShare).rounded(.up))))
                }
                radii.append((d, OrderStatistic.median(found.map(\.radius))))
            }
            guard !radii.isEmpty else { return nil }
            // A depth where the blurred shoulder leaves the centre under the metal threshold gives no edge or one
            // near the axis (seed 217: 0.23 and 0 mm at 0.3 and 0.4 mm depth on a 1.65 mm neck); as in
            // `bodyEndsFilled`, a radius under `endRadiusDropFraction` of the depths' median is not the neck's.
            let median = OrderStatistic.median(radii.map(\.radius))
            return (radii.filter { $0.radius >= endRadiusDropFraction * median }, sigmas.isEmpty ? nil : OrderStatistic.median(sigmas))
        }
        guard let first = edges(outsideMm: neckOutsideMm) else { return nil }
        var radius = OrderStatistic.median(first.radii.map(\.radius))
        // A metal clipped at the top of the range has lost the upper part of its edge: its quartiles are not its blur.
        if !clipped, let sigma = first.sigma {
            let read = edges(outsideMm: max(neckOutsideMm, neckOutsideSigmas * sigma), tailSigma: sigma) ?? first
            let deepest = neckDepthsMm.upperBound - neckThreadClearanceSigmas * sigma
            let clear = read.radii.filter { $0.depth <= deepest + 1e-9 }.map(\.radius)
            radius = OrderStatistic.median(clear.isEmpty ? [read.radii[0].radius] : clear)
            radius += blurredDiscOffset(radius: radius, sigma: sigma)
        }
        let middle = (neckDepthsMm.lowerBound + neckDepthsMm.upperBound) / 2
        let bounded = RadiusTrend(radii: frame.radii, step: frame.radiusStep, length: frame.length)
            .map { min(radius, $0.envelopeLimit(atDepth: middle)) } ?? radius
        return (bounded, clipped ? nil : first.sigma)
    }

    /// One radial edge at the neck: the surface edge as in `estimate`, then moved to where the profile
    /// crosses half-way between the metal at this depth and angle (its highest value inside the edge:
    /// near the shoulder the blurred end lowers it below the centre line's median) and the outside: the value
    /// `outsideMm` beyond the edge, less the share `tail` of the contrast that the metal's blurred edge still
    /// holds there (`MetalEdgeTail.interpolatedFraction`; 0 leaves the value as read). With the edge's blur, σ, from the distance
    /// between its 75 % and 25 % points (nil where they are not found), and that outside level.
    static func neckEdge(metal: Double, levels: GrayLevels, outsideMm: Double, tail: Double = 0, _ g: (Double) -> Double)
        -> (radius: Double, sigma: Double?, outside: Double)? {
        guard let rough = firstCrossing(below: levels.metalThreshold, from: 0, to: maxRadiusMm, g) else { return nil }
        var edge = firstCrossing(below: (metal + g(rough + adjacentMm)) / 2, from: max(0, rough - 1), to: rough + 1, g) ?? rough
        var inside = metal, outside = levels.softTissue  // both read afresh in every iteration
        for _ in 0..<neckIterations {
            inside = highest(upTo: edge, g)
            // The value read holds `tail` of the metal's contrast; solved for the tissue as `MetalEdgeTail.removed`
            // does, against this ray's metal.
            outside = (g(edge + outsideMm) - tail * inside) / (1 - tail)
            guard let next = firstCrossing(below: (inside + outside) / 2, from: max(0, edge - 1), to: edge + 1, g) else { break }
            edge = next
        }
        let contrast = inside - outside
        guard contrast > 0, let upper = firstCrossing(below: inside - 0.25 * contrast, from: max(0, edge - 1), to: edge, g),
              let lower = firstCrossing(below: inside - 0.75 * contrast, from: edge, to: edge + 1.5, g) else { return (edge, nil, outside) }
        return (edge, (lower - upper) / quartileSpreadSigmas, outside)
    }

    /// The highest value of `g` from the axis out to `r`, in `profileStepMm` steps.
    static func highest(upTo r: Double, _ g: (Double) -> Double) -> Double {
        var best = -Double.infinity, x = 0.0
        while x <= r {
            best = max(best, g(x))
            x += profileStepMm
        }
        return best
    }

    /// First distance in [from, to] where `g` falls below `level`, interpolated between steps.
    static func firstCrossing(below level: Double, from: Double, to: Double, _ g: (Double) -> Double) -> Double? {
        var r = from, previous = g(from)
        if previous < level { return from }
        while r < to {
            let next = r + profileStepMm
            let v = g(next)
            if v < level { return r + (previous - level) / (previous - v) * profileStepMm }
            previous = v
            r = next
        }
        return nil
    }

    /// Mean gray value in a disc of 3 mm radius around a point, perpendicular to the axis.
    static func surroundings(_ volume: Volume<Int16>, center: SIMD3<Double>, axis: SIMD3<Double>) -> Double {
        let (a, b) = perpendicularBasis(axis)
        var sum = 0.0, n = 0
        for r in [0.0, 1.5, 3.0] {
            for k in 0..<8 {
                let angle = Double(k) * .pi / 4
                if let v = volume.sample(atPoint: center + (a * cos(angle) + b * sin(angle)) * r) { sum += v; n += 1 }
            }
        }
        return n > 0 ? sum / Double(n) : 0
    }

    static func perpendicularBasis(_ u: SIMD3<Double>) -> (SIMD3<Double>, SIMD3<Double>) {
        let helper: SIMD3<Double> = abs(u.x) < 0.9 ? [1, 0, 0] : [0, 1, 0]
        let a = cross(u, helper) / length(cross(u, helper))
        return (a, cross(u, a))
    }
}
