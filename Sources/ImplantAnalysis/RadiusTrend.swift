/// The body's measured surface radius as a straight line of depth below the shoulder, fitted over the body
/// clear of the neck and the apical taper (Theil–Sen: the median of the slopes between every two depths, then
/// the median of the intercepts). A cylindrical body gives its median radius at every depth, a conical body
/// its taper; a few depths whose edge ran out into bloomed bone do not move it.
///
/// The trend bounds the surface: the thread envelope stands at most `maxThreadHalfDepthMm` beyond it, at
/// any depth. A surface or neck read further out is crestal cortical bone, bloomed to within a few hundred
/// gray of the metal (or to the clip with it), taken for metal.
struct RadiusTrend {
    /// The body is fitted from this depth below the shoulder (mm)…
    static let firstDepthMm = 1.5
    /// …to this fraction of the implant's length.
    static let lastDepthFraction = 0.6
    /// How far the thread crests may stand out of the body's measured surface (mm): blur averages crests and
    /// roots, so the surface read over the threads is their mean. A guard, not a published value: it allows
    /// threads 0.5 mm deep; the phantom's V-threads are 0.3 mm deep (`ImplantSpec.threadDepthMm`).
    static let maxThreadHalfDepthMm = 0.25

    let intercept: Double
    let slope: Double

    /// The trend of `radii` (one every `step` mm of depth from the shoulder) of an implant `length` mm long;
    /// nil with fewer than two depths in the body's range.
    init?(radii: [Double], step: Double, length: Double) {
        let points = Self.bodyPoints(radii, step: step, length: length)
        guard points.count >= 2 else { return nil }
        var slopes: [Double] = []
        slopes.reserveCapacity(points.count * (points.count - 1) / 2)
        for i in points.indices {
            for j in (i + 1)..<points.count {
                slopes.append((points[j].radius - points[i].radius) / (points[j].depth - points[i].depth))
            }
        }
        let slope = OrderStatistic.select(slopes.count / 2, in: &slopes)
        var intercepts = points.map { $0.radius - slope * $0.depth }
        intercept = OrderStatistic.select(intercepts.count / 2, in: &intercepts)
        self.slope = slope
    }

    func radius(atDepth d: Double) -> Double { intercept + slope * d }

    /// The depths and radii of `radii` in the fitted part of the body, `firstDepthMm` to `lastDepthFraction` of
    /// the length (none on an implant shorter than 2.5 mm).
    static func bodyPoints(_ radii: [Double], step: Double, length: Double) -> [(depth: Double, radius: Double)] {
        radii.enumerated().map { (depth: Double($0.offset) * step, radius: $0.element) }
            .filter { $0.depth >= firstDepthMm && $0.depth <= lastDepthFraction * length }
    }

    /// The outermost the thread envelope can stand at a depth: the trend plus `maxThreadHalfDepthMm`.
    func envelopeLimit(atDepth d: Double) -> Double { radius(atDepth: d) + Self.maxThreadHalfDepthMm }

    /// `radii` each held within `envelopeLimit` at its depth.
    func capping(_ radii: [Double], step: Double) -> [Double] {
        radii.enumerated().map { min($0.element, envelopeLimit(atDepth: Double($0.offset) * step)) }
    }
}
