import Foundation
import Measurements
import Testing
@testable import Batch

@Suite struct BatchRunnerTests {
    /// A stand-in for `implantscan analyze --json`: prints the fixture's JSON, fails with a one-line
    /// error for "broken" scans, dies of SIGSEGV (a decoder crash) for "crash" scans and hangs for "slow",
    /// noting in `slow-stopped` that it was sent SIGTERM.
    func fakeAnalyzer(in folder: String) throws -> ScanWorker {
        let fixture = try writeFixture(in: folder)
        let script = """
            case "$1" in
              *broken*) echo "decoder said something" >&2; echo "Error: $1/IM1.dcm: truncated pixel data" >&2; exit 1 ;;
              *crash*) kill -SEGV $$ ;;
              *slow*) trap 'echo SIGTERM > "\(folder)/slow-stopped"; kill $!; exit 0' TERM; sleep 120 & wait ;;
              *) cat '\(fixture)' ;;
            esac
            """
        return ScanWorker(executable: "/bin/sh", arguments: ["-c", script, "fake-analyzer"], timeoutSeconds: Self.timeoutSeconds)
    }

    /// Long enough that a quick scan never reaches it while the other suites load the machine's two cores,
    /// short enough to keep the test quick. (Two CI runs once timed a quick scan out, at 2 s and at 10 s:
    /// the scan had been started beside the hung one and held by it, the race
    /// `aChildHoldsOnlyItsStandardDescriptors` shows, not slowed by load.)
    static let timeoutSeconds = 10.0

    @Test func failedCrashedAndHungScansAreRecordedAndTheRestFinish() throws {
        let folder = temporaryFolder("runner")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = folder + "/archive"
        var scans = (1...17).map { "site\($0)" } + ["broken-1", "crash-1", "slow-1"]
        scans.shuffle()
        for s in scans { try FileManager.default.createDirectory(atPath: root + "/" + s, withIntermediateDirectories: true) }
        let worker = try fakeAnalyzer(in: folder)
        let out = folder + "/results.jsonl"
        let reports = ReportCounter()

        let first = try BatchRunner.run(root: root, scans: scans, worker: worker, jobs: 3,
                                        log: ResultsLog(path: out, resume: false)) { _, _ in reports.add() }
        #expect(first.analysed == 20)
        #expect(first.skipped == 0)
        #expect(reports.count == 20)
        let failures = Dictionary(uniqueKeysWithValues: first.failures.map { ($0.scan, $0.error ?? "") })
        #expect(failures.count == 3, "\(failures)")
        #expect(failures["broken-1"] == root + "/broken-1/IM1.dcm: truncated pixel data")
        #expect(failures["crash-1"] == "the analysis crashed (Segmentation fault, signal 11)")
        #expect(failures["slow-1"] == "stopped after 10 s (--timeout)")
        // The hung child was asked to stop, not left to the SIGKILL: its signal mask is not the runner thread's.
        #expect((try? String(contentsOfFile: folder + "/slow-stopped", encoding: .utf8)) == "SIGTERM\n")

        let records = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(BatchRecord.self, from: Data($0.utf8)) }
        #expect(Set(records.map(\.scan)) == Set(scans))
        #expect(records.filter { $0.status == .ok }.allSatisfy { $0.measurements == fixtureMeasurements })

        let second = try BatchRunner.run(root: root, scans: scans, worker: worker, jobs: 3,
                                         log: ResultsLog(path: out, resume: true)) { _, _ in reports.add() }
        #expect(second.analysed == 0)
        #expect(second.skipped == 20)
        #expect(reports.count == 20)
        #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count == 20)
    }
}
