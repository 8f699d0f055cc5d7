/// The bone test of the bone-level profile read on a fine angle × depth grid around one implant: what the analysis
/// saw in the band just outside the artifact margin, for the report's unrolled bone map. It is the plain threshold
/// test: the profile's rule for cortex's blurred edge beside a defect (`BoneProbe.contact`, which reads neighbours
/// 5° and 10° away) is not applied, so there the map may show bone a cell or two further than the profile counts.
/// Nor is its rule for the first contact (`ImplantMeasurer.continuousBoneMm` and, at 0.3–0.4 mm voxels,
/// `continuousBoneVoxels`): runs of bone too short for it show on the map above the level the profile reports.
///
/// Cell (column c, row r) covers the angles −180° + c·`angleStepDeg` … +`angleStepDeg` (0° buccal,
/// 90° mesial, ±180° lingual, −90° distal) and the depths r·`depthStepMm` … +`depthStepMm` below the
/// shoulder; it is read at its centre.
public struct BoneBandMap: Sendable, Equatable {
    public enum Cell: UInt8, Sendable {
        case absent, present
        /// The band left the scan (field edge).
        case unmeasured
    }

    public var angleStepDeg: Double
    public var depthStepMm: Double
    public var columns: Int
    public var rows: Int
    /// Row-major (angle fastest).
    public var cells: [Cell]

    public static let defaultAngleStepDeg = 2.0
    public static let defaultDepthStepMm = 0.1

    public init(angleStepDeg: Double, depthStepMm: Double, columns: Int, rows: Int, cells: [Cell]) {
        precondition(cells.count == columns * rows, "a cell for every column and row")
        self.angleStepDeg = angleStepDeg
        self.depthStepMm = depthStepMm
        self.columns = columns
        self.rows = rows
        self.cells = cells
    }

    public func angleDeg(column c: Int) -> Double { -180 + (Double(c) + 0.5) * angleStepDeg }
    public func depthMm(row r: Int) -> Double { (Double(r) + 0.5) * depthStepMm }
    public subscript(column c: Int, row r: Int) -> Cell { cells[r * columns + c] }
}
