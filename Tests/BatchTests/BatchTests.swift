import Foundation
import Measurements
import Testing
@testable import Batch

/// A fresh empty folder under the temporary directory.
func temporaryFolder(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "/implantscan-batch-tests-\(name)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) {
    try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                             withIntermediateDirectories: true)
    try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// 128 bytes of preamble and "DICM": what `FileKind` recognises as DICOM without a name.
let dicomPreamble = String(repeating: "\0", count: 128) + "DICM"

let fixtureMeasurements = ScanMeasurements(
    scan: ScanDescriptor(source: "fixture", size: [10, 10, 10], spacingMm: [0.2, 0.2, 0.2], originMm: [0, 0, 0],
                         direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], seriesUID: "2.25.1", studyDate: "20260101",
                         calibrated: false, clampedVoxels: 0),
    metalThresholdHU: 2100, implants: [], excluded: [], notes: ["a note"])

@Suite struct ShardTests {
    @Test func parsesIndexOverCount() {
        #expect(Shard(parsing: "0/3") == Shard(index: 0, count: 3))
        #expect(Shard(parsing: "2/3") == Shard(index: 2, count: 3))
        for bad in ["3/3", "-1/3", "1/0", "1", "a/b", "1/2/3", ""] { #expect(Shard(parsing: bad) == nil) }
    }

    /// FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the published test vector): 12 682 136 324 298 968 204,
    /// which is 0 mod 2 and 1 mod 3 by hand.
    @Test func assignsByFNVOfThePath() {
        #expect(Shard(index: 0, count: 2).contains("a"))
        #expect(Shard(index: 1, count: 3).contains("a"))
        #expect(!Shard(index: 0, count: 3).contains("a"))
    }

    @Test func shardsPartitionTheScans() {
        let scans = (0..<200).map { "clinic\($0 % 7)/patient\($0)/series1" }
        let shards = (0..<4).map { i in Set(scans.filter(Shard(index: i, count: 4).contains)) }
        #expect(shards.map(\.count).reduce(0, +) == scans.count)
        #expect(shards.reduce(Set<String>()) { $0.union($1) } == Set(scans))
        #expect(shards.allSatisfy { $0.count > 20 })  // 50 expected each; FNV spreads them
    }
}

@Suite struct ScanFolderFinderTests {
    @Test func findsEveryFolderHoldingSlices() throws {
        let root = temporaryFolder("finder")
        defer { try? FileManager.default.removeItem(atPath: root) }
        write(dicomPreamble, to: root + "/clinicA/p1/IM0001")           // DICOM by its preamble
        write("x", to: root + "/clinicA/p2/series/slice.dcm")          // DICOM by its name
        write("", to: root + "/clinicB/stack/001.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]).write(to: URL(fileURLWithPath: root + "/clinicB/stack/001.png"))
        write("notes", to: root + "/clinicB/readme.txt")               // no slices: not a scan
        write(dicomPreamble, to: root + "/clinicB/DICOMDIR")           // an index, not a slice
        write(dicomPreamble, to: root + "/.hidden/IM1")
        #expect(try ScanFolderFinder.scans(under: root) == ["clinicA/p1", "clinicA/p2/series", "clinicB/stack"])
        #expect(try ScanFolderFinder.scans(under: root + "/clinicA/p1") == ["."])
    }
}

@Suite struct ResultsLogTests {
    @Test func refusesExistingResultsWithoutResume() throws {
        let folder = temporaryFolder("log")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/r.jsonl"
        write("{\"scan\":\"a\"}\n", to: path)
        #expect(throws: BatchError.outputExists(path: path)) { try ResultsLog(path: path, resume: false) }
    }

    /// A run killed while writing leaves a cut last line: resume cuts it from the file (that scan runs
    /// again), so the file holds whole records only (what `records import` requires).
    @Test func resumesPastACutLastLine() throws {
        let folder = temporaryFolder("log")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/r.jsonl"
        do {
            let log = try ResultsLog(path: path, resume: false)
            try log.append(BatchRecord(scan: "a", status: .ok, seconds: 1.5, measurements: fixtureMeasurements))
            try log.append(BatchRecord(scan: "b", status: .failed, error: "b/x.dcm: not DICOM", seconds: 0.25))
        }
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data("{\"scan\":\"c\",\"sta".utf8))
        try handle.close()

        let log = try ResultsLog(path: path, resume: true)
        #expect(log.recordedScans == ["a", "b"])
        try log.append(BatchRecord(scan: "c", status: .ok, seconds: 2, measurements: fixtureMeasurements))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("\"sta{"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[3].isEmpty)  // three records, each ending in a newline
        let records = try lines.dropLast().map { try JSONDecoder().decode(BatchRecord.self, from: Data($0.utf8)) }
        #expect(records.map(\.scan) == ["a", "b", "c"])
        #expect(records[0].measurements == fixtureMeasurements)
        #expect(records[1].error == "b/x.dcm: not DICOM")
    }
}

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

    /// Long enough that a quick scan never reaches it while the other suites load the machine's two cores
    /// (with 2 s, one CI run timed a `cat` of the fixture out), short enough to keep the test quick.
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
        ScanWorker.withNoSignalsBlocked { _ = raise(SIGHUP) }
        #expect(arrived.wait(timeout: .now() + 10) == .success)
        watcher.finish()
        #expect(received.count == 1)
        var current = sigaction()
        sigaction(SIGHUP, nil, &current)
        #expect(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
                == unsafeBitCast(before.__sigaction_handler.sa_handler, to: Int.self))
    }
}

/// Writes the fixture's measurements JSON into `folder` for a fake analyzer to print; returns its path.
func writeFixture(in folder: String) throws -> String {
    let path = folder + "/fixture.json"
    try JSONEncoder().encode(fixtureMeasurements).write(to: URL(fileURLWithPath: path))
    return path
}

final class ReportCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return n }
}
