import Foundation
import Testing
@testable import Batch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct ChildProcessTests {
    /// Runs `executable arguments…` as a child and returns how it ended and what it printed.
    func run(_ executable: String, _ arguments: [String]) throws -> (ChildProcess.Termination, String) {
        let folder = temporaryFolder("child")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out"
        _ = FileManager.default.createFile(atPath: path, contents: nil)  // FileHandle(forUpdating:) throws if it is not there
        let out = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: [:],
                                     standardOutput: out, standardError: out)
        let ended = child.wait()
        return (ended, try String(contentsOfFile: path, encoding: .utf8))
    }

    /// The batch stops a scan with SIGTERM and a Ctrl-C must not reach the scans: so the child starts in a
    /// group of its own, with no signal blocked or ignored, whatever the starting thread blocks (here: all).
    /// NSpgid in /proc/PID/status is the process group; SigBlk and SigIgn are hexadecimal masks.
    @Test func theChildHasAGroupOfItsOwnAndNoSignalBlockedOrIgnored() throws {
        var all = sigset_t(), previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        // grep itself reports: a shell would clear its signal mask as it starts.
        let (ended, out) = try run("/bin/grep", ["-E", "^(Pid|NSpgid|SigBlk|SigIgn):", "/proc/self/status"])
        #expect(ended == .exited(0))
        var field: [String: String] = [:]
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { field[parts[0]] = parts[1] }
        }
        let pid = field["Pid"].flatMap { Int32($0) }, group = field["NSpgid"].flatMap { Int32($0) }
        #expect(pid != nil && group == pid && group != getpgrp(), "pid \(pid as Any), group \(group as Any), batch's \(getpgrp())")
        // Signals 1–31; glibc's posix_spawn leaves its own 32 and 33 ignored, and the child's glibc takes them back.
        for mask in ["SigBlk", "SigIgn"] {
            let bits = field[mask].flatMap { UInt64($0, radix: 16) }
            #expect(bits.map { $0 & 0x7fff_ffff == 0 } == true, "\(mask): \(field[mask] ?? "missing")")
        }
    }

    @Test func anExitStatusAndAKillingSignalAreToldApart() throws {
        #expect(try run("/bin/sh", ["-c", "exit 3"]).0 == .exited(3))
        #expect(try run("/bin/sh", ["-c", "kill -SEGV $$"]).0 == .signalled(SIGSEGV))
        #expect(try run("/bin/sh", ["-c", "echo ok"]).1 == "ok\n")
    }

    @Test func aScanWhoseAnalyzerCannotStartIsRecordedWithTheReason() {
        let worker = ScanWorker(executable: "/nonexistent/implantscan", arguments: [], timeoutSeconds: 10)
        let record = worker.run(scanPath: "/tmp", key: "site1")
        #expect(record.status == .failed)
        #expect(record.error == "cannot start /nonexistent/implantscan: No such file or directory")
    }
}
