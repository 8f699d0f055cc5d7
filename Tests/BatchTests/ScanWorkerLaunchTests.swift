import Foundation
import Testing
@testable import Batch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct ScanWorkerLaunchTests {
    /// A scan's child must hold nothing of the batch's but its standard input, output and error. With
    /// Foundation's `Process`, a child started while another thread opened a descriptor without close-on-exec
    /// inherited it; when that was the socket by which `Process` learns that another child ended, a quick
    /// scan started beside a hung one seemed to run until the hung one ended (CI stop 32), and with a lock
    /// around the batch's own starts one child of 400 still held three sockets, opened by other suites'
    /// `Process` runs (CI stop 38). Here a thread opens and closes pipes without close-on-exec all through a
    /// batch of 400 quick children, 6 at a time, and each child lists the descriptors it holds.
    @Test func aChildHoldsOnlyItsStandardDescriptors() throws {
        let folder = temporaryFolder("launch")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = folder + "/archive", lists = folder + "/descriptors"
        let scans = (1...400).map { "site\($0)" }
        for s in scans { try FileManager.default.createDirectory(atPath: root + "/" + s, withIntermediateDirectories: true) }
        try FileManager.default.createDirectory(atPath: lists, withIntermediateDirectories: true)
        let fixture = try writeFixture(in: folder)
        // The subshell redirects its own output: a redirection in the shell itself would have it keep a copy
        // of its standard output (dash's fd 10).
        let script = """
            shell=$$
            (exec > "\(lists)/$(basename "$1")"; ls /proc/$shell/fd)
            cat '\(fixture)'
            """
        let worker = ScanWorker(executable: "/bin/sh", arguments: ["-c", script, "fake-analyzer"], timeoutSeconds: 60)

        let done = ReportCounter(), opened = ReportCounter()
        Thread.detachNewThread {
            var ends: [Int32] = [0, 0]
            while done.count == 0 {
                guard pipe(&ends) == 0 else { continue }
                opened.add()
                close(ends[0])
                close(ends[1])
            }
            done.add()
        }
        let outcome = try BatchRunner.run(root: root, scans: scans, worker: worker, jobs: 6,
                                          log: ResultsLog(path: folder + "/results.jsonl", resume: false)) { _, _ in }
        done.add()
        while done.count < 2 { usleep(1000) }

        #expect(outcome.failures.isEmpty)
        #expect(opened.count > 1000, "pipes opened beside the batch: \(opened.count)")
        let held = try scans.map { s in
            try String(contentsOfFile: lists + "/" + s, encoding: .utf8).split(whereSeparator: \.isNewline).compactMap { Int($0) }.sorted()
        }
        let extra = held.filter { $0 != [0, 1, 2] }
        #expect(extra.isEmpty, "children holding more than 0, 1 and 2: \(extra.count) of 400, e.g. \(extra.prefix(3))")
    }
}
