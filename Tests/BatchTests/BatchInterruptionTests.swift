import Foundation
import Measurements
import Testing
@testable import Batch

@Suite struct BatchInterruptionTests {
    /// Scans named hang-* start, note it, and hang until SIGTERM, which they note too; others print the fixture.
    func hangingAnalyzer(in folder: String) throws -> ScanWorker {
        let fixture = try writeFixture(in: folder)
        let script = """
            name=$(basename "$1")
            case "$1" in
              *hang*) trap 'echo SIGTERM > "\(folder)/$name-stopped"; kill $!; exit 0' TERM
                      sleep 120 & echo started > "\(folder)/$name-started"; wait ;;
              *) cat '\(fixture)' ;;
            esac
            """
        return ScanWorker(executable: "/bin/sh", arguments: ["-c", script, "fake-analyzer"], timeoutSeconds: 60)
    }

    @Test func anInterruptStopsTheRunningScansRecordsNoneOfThemAndResumeFinishes() throws {
        let folder = temporaryFolder("interrupt")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = folder + "/archive"
        // Two jobs take the two hanging scans first; the interrupt comes once both run.
        let scans = ["hang-1", "hang-2"] + (1...4).map { "site\($0)" }
        for s in scans { try FileManager.default.createDirectory(atPath: root + "/" + s, withIntermediateDirectories: true) }
        let worker = try hangingAnalyzer(in: folder)
        let out = folder + "/results.jsonl"
        let interruption = BatchInterruption()
        Thread.detachNewThread {
            while !["hang-1", "hang-2"].allSatisfy({ FileManager.default.fileExists(atPath: folder + "/\($0)-started") }) {
                usleep(10_000)
            }
            interruption.interrupt(by: SIGINT)
        }
        let first = try BatchRunner.run(root: root, scans: scans, worker: worker, jobs: 2,
                                        log: ResultsLog(path: out, resume: false), interruption: interruption) { _, _ in }
        #expect(first.interruptedBy == SIGINT)
        #expect(first.analysed == 0 && first.failures.isEmpty && first.left == 6)
        for s in ["hang-1", "hang-2"] {
            #expect((try? String(contentsOfFile: folder + "/\(s)-stopped", encoding: .utf8)) == "SIGTERM\n")
        }
        #expect(try String(contentsOfFile: out, encoding: .utf8).isEmpty)
        #expect(BatchSummary.text(first, shard: nil, out: "r.jsonl").split(separator: "\n").last
                == "interrupted (SIGINT): 6 scans not analysed; --resume continues with them")

        let quick = ScanWorker(executable: "/bin/sh", arguments: ["-c", "cat '\(try writeFixture(in: folder))'", "fake"], timeoutSeconds: 60)
        let second = try BatchRunner.run(root: root, scans: scans, worker: quick, jobs: 2,
                                         log: ResultsLog(path: out, resume: true)) { _, _ in }
        #expect(second.interruptedBy == nil && second.analysed == 6 && second.left == 0 && second.failures.isEmpty)
    }

    @Test func aCaughtSignalReachesTheWatcherAndTheOldHandlerComesBack() throws {
        var before = sigaction()
        sigaction(SIGHUP, nil, &before)
        let received = ReportCounter()
        let arrived = DispatchSemaphore(value: 0)
        let watcher = try #require(SignalWatcher { signal in
            if signal == SIGHUP { received.add() }
            arrived.signal()
        })
        // raise() signals this thread, which the test runner may have left blocking SIGHUP.
        var hangup = sigset_t(), previous = sigset_t()
        sigemptyset(&hangup)
        sigaddset(&hangup, SIGHUP)
        pthread_sigmask(SIG_UNBLOCK, &hangup, &previous)
        _ = raise(SIGHUP)
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        #expect(arrived.wait(timeout: .now() + 10) == .success)
        watcher.finish()
        #expect(received.count == 1)
        var current = sigaction()
        sigaction(SIGHUP, nil, &current)
        #expect(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
                == unsafeBitCast(before.__sigaction_handler.sa_handler, to: Int.self))
    }
}
