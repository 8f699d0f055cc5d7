import Foundation
import Testing
@testable import Batch

@Suite struct ScanWorkerLaunchTests {
    /// Foundation's `Process` learns that its child ended when the last holder of a socket it gives the child
    /// closes it. Started on several threads at once, one child could inherit another's socket, and that
    /// scan then seemed to run until the other child ended: a quick scan launched beside a hung one was
    /// "stopped after 10 s (--timeout)" (CI, stop 32). Each child here counts the sockets it holds.
    @Test func aChildHoldsNoOtherScansSocket() throws {
        // 400 quick children, 6 at a time: without the launch lock, 5 runs of 5 had a child holding two or three.
        let folder = temporaryFolder("launch")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = folder + "/archive", counts = folder + "/sockets"
        let scans = (1...400).map { "site\($0)" }
        for s in scans { try FileManager.default.createDirectory(atPath: root + "/" + s, withIntermediateDirectories: true) }
        try FileManager.default.createDirectory(atPath: counts, withIntermediateDirectories: true)
        let fixture = try writeFixture(in: folder)
        let script = """
            ls -l /proc/$$/fd | grep -c 'socket:' > "\(counts)/$(basename "$1")"
            cat '\(fixture)'
            """
        let worker = ScanWorker(executable: "/bin/sh", arguments: ["-c", script, "fake-analyzer"], timeoutSeconds: 60)
        let outcome = try BatchRunner.run(root: root, scans: scans, worker: worker, jobs: 6,
                                          log: ResultsLog(path: folder + "/results.jsonl", resume: false)) { _, _ in }
        #expect(outcome.failures.isEmpty)
        let held = try scans.map { s in
            Int(try String(contentsOfFile: counts + "/" + s, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(held.allSatisfy { $0 != nil && $0! <= 1 }, "sockets held per child: \(held.map { $0 ?? -1 })")
    }
}
