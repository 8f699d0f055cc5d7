import Foundation
import Measurements
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Analyses one scan in a child process, so that a crash inside a decoder (GDCM is C++ and meets hostile
/// files) or a hang ends that scan alone: the batch records it as the scan's failure and goes on.
///
/// The child is `executable arguments… SCAN`; it must print the scan's measurements JSON on stdout and
/// exit 0, or print a one-line error on stderr and exit non-zero (`implantscan analyze --json` does).
public struct ScanWorker: Sendable {
    public var executable: String
    public var arguments: [String]
    /// A scan whose process runs longer is stopped (SIGTERM, then SIGKILL) and recorded as failed.
    public var timeoutSeconds: Double

    /// Seconds between SIGTERM and SIGKILL for a scan past its time.
    static let terminationGraceSeconds = 5.0

    /// One child is started at a time. Foundation's `Process` on Linux learns that its child ended when a
    /// socket it hands the child closes; the socket is made without close-on-exec and is closed in the
    /// parent only after the spawn, so a child started on another thread in between inherits it too, and
    /// the first scan then seems to run until that other child ends: a quick scan started beside a hung one
    /// was "stopped after --timeout". Only the start is serialised; the scans still run side by side
    /// (400 quick children at 6 jobs: 2.6–3.3 s with the lock, 2.2–3.0 s without).
    private static let launchLock = NSLock()

    public init(executable: String, arguments: [String], timeoutSeconds: Double) {
        self.executable = executable
        self.arguments = arguments
        self.timeoutSeconds = timeoutSeconds
    }

    /// `implantscan analyze --json --content-hash SCAN` with the given executable (this program) and extra
    /// options. The content hash makes each record carry the scan's case-store identity (`records import`).
    public static func analyze(executable: String, options: [String] = [], timeoutSeconds: Double) -> ScanWorker {
        ScanWorker(executable: executable, arguments: ["analyze", "--json", "--content-hash"] + options, timeoutSeconds: timeoutSeconds)
    }

    /// Runs the child on `scanPath` and returns the record for `key` (the scan's path relative to the root).
    /// The child is registered with `interruption`, which stops it when the batch is interrupted.
    public func run(scanPath: String, key: String, interruption: BatchInterruption? = nil) -> BatchRecord {
        let start = DispatchTime.now()
        func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        func failed(_ why: String) -> BatchRecord {
            BatchRecord(scan: key, status: .failed, error: why, seconds: seconds())
        }

        guard let stdout = TemporaryCapture(), let stderr = TemporaryCapture() else {
            return failed("cannot create a temporary file for the scan's output")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + [scanPath]
        // A crash must end the child by its signal, which is how it is told from a refusal (exit 1). Swift's
        // crash backtracer would catch the signal, print to the child's silenced stderr and exit 1; so would
        // AddressSanitizer in a sanitizer build.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["ASAN_OPTIONS"] = [environment["ASAN_OPTIONS"], "handle_segv=0"].compactMap { $0 }.joined(separator: ":")
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout.handle
        process.standardError = stderr.handle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do { try Self.launchLock.withLock { try Self.withNoSignalsBlocked { try process.run() } } } catch {
            return failed("cannot start \(executable): \(error.localizedDescription)")
        }
        let pid = process.processIdentifier
        interruption?.started(pid)

        var timedOut = false
        if finished.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + Self.terminationGraceSeconds) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        interruption?.ended(pid)
        let out = stdout.contents()
        let err = String(decoding: stderr.contents(), as: UTF8.self)

        if timedOut { return failed("stopped after \(Int(timeoutSeconds)) s (--timeout)") }
        if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            let name = strsignal(signal).map { String(cString: $0) } ?? "signal \(signal)"
            return failed("the analysis crashed (\(name), signal \(signal))")
        }
        guard process.terminationStatus == 0 else {
            return failed(Self.lastLine(err) ?? "the analysis failed with exit status \(process.terminationStatus)")
        }
        guard let measurements = try? JSONDecoder().decode(ScanMeasurements.self, from: out) else {
            return failed("the analysis printed no measurements JSON")
        }
        return BatchRecord(scan: key, status: .ok, seconds: seconds(), measurements: measurements)
    }

    /// Runs `body` with no signal blocked on this thread. Foundation spawns the child on the calling thread,
    /// and a child starts with that thread's signal mask: started from a Dispatch or test-runner thread, which
    /// blocks nearly every signal, the child would ignore the SIGTERM of a timeout until the SIGKILL.
    static func withNoSignalsBlocked<T>(_ body: () throws -> T) rethrows -> T {
        var none = sigset_t(), previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    /// The last non-empty line of a child's stderr, without the "Error: " prefix.
    static func lastLine(_ text: String) -> String? {
        guard let line = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            return nil
        }
        let s = String(line)
        return s.hasPrefix("Error: ") ? String(s.dropFirst("Error: ".count)) : s
    }
}
