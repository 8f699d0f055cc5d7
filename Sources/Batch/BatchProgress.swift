/// How far a batch has got, and its rate: the progress bar on a terminal, plain lines elsewhere.
public struct BatchProgress: Sendable, Equatable {
    public var total: Int
    public var done = 0
    public var failed = 0
    public var elapsedSeconds = 0.0

    /// Width of the bar in characters.
    static let barWidth = 24

    public init(total: Int) { self.total = total }

    /// Scans per second so far (0 before the first finishes).
    public var scansPerSecond: Double { elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0 }

    /// Seconds left at the rate so far (nil before the first scan finishes).
    public var etaSeconds: Double? {
        guard done > 0, scansPerSecond > 0 else { return nil }
        return Double(total - done) / scansPerSecond
    }

    /// "[#########---------------]  9/20  0.84 scans/s  ETA 0:13  1 failed"
    public var bar: String {
        let filled = total > 0 ? Self.barWidth * done / total : Self.barWidth
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.barWidth - filled)
        let width = String(total).count
        let count = String(repeating: " ", count: width - String(done).count) + "\(done)/\(total)"
        var line = "[\(bar)] \(count)  \(Self.rate(scansPerSecond)) scans/s  ETA \(etaSeconds.map(Self.clock) ?? "–")"
        if failed > 0 { line += "  \(failed) failed" }
        return line
    }

    /// One line per finished scan: "9/20 ok scans/a (1.2 s)" or "9/20 FAILED scans/b: reason".
    public func line(for record: BatchRecord) -> String {
        let head = "\(done)/\(total)"
        switch record.status {
        case .ok: return "\(head) ok \(record.scan) (\(Self.rate(record.seconds)) s)"
        case .failed: return "\(head) FAILED \(record.scan): \(record.error ?? "unknown error")"
        }
    }

    static func rate(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let fraction = String(hundredths % 100)
        return "\(hundredths / 100).\(fraction.count == 1 ? "0" + fraction : fraction)"
    }

    /// "m:ss" or "h:mm:ss".
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }
}
