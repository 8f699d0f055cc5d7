import Foundation
import Measurements
import Testing
@testable import Batch

@Suite struct BatchProgressTests {
    @Test func barRateAndETA() {
        var p = BatchProgress(total: 20)
        #expect(p.bar == "[------------------------]  0/20  0.00 scans/s  ETA –")
        p.done = 5
        p.failed = 1
        p.elapsedSeconds = 4
        // 5 scans in 4 s = 1.25 scans/s; 15 left → 12 s; 24 × 5/20 = 6 marks.
        #expect(p.bar == "[######------------------]  5/20  1.25 scans/s  ETA 0:12  1 failed")
        #expect(BatchProgress.clock(3725) == "1:02:05")
        #expect(p.line(for: BatchRecord(scan: "x/y", status: .failed, error: "x/y/a.dcm: truncated", seconds: 1))
                == "5/20 FAILED x/y: x/y/a.dcm: truncated")
    }
}
