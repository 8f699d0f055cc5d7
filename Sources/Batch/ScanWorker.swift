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
        // A crash must end the child by its signal, which is how it is told from a refusal (exit 1). Swift's
        // crash backtracer would catch the signal, print to the child's silenced stderr and exit 1; so would
        // AddressSanitizer in a sanitizer build.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["ASAN_OPTIONS"] = [environment["ASAN_OPTIONS"], "handle_segv=0"].compactMap { $0 }.joined(separator: ":")
        let child: ChildProcess
        do {
            child = try ChildProcess(executable: executable, arguments: arguments + [scanPath], environment: environment,
                                     standardOutput: stdout.handle, standardError: stderr.handle)
        } catch {
            return failed("cannot start \(executable): \(error)")
        }
        interruption?.started(child)
        defer { interruption?.ended(child) }

        guard let termination = child.wait(seconds: timeoutSeconds) else {
            child.send(SIGTERM)
            if child.wait(seconds: Self.terminationGraceSeconds) == nil {
                child.send(SIGKILL)
                _ = child.wait()
            }
            return failed("stopped after \(Int(timeoutSeconds)) s (--timeout)")
        }
        switch termination {
        case .signalled(let signal):
            let name = strsignal(signal).map { String(cString: $0) } ?? "signal \(signal)"
            return failed("the analysis crashed (\(name), signal \(signal))")
        case .exited(let status) where status != 0:
            let err = String(decoding: stderr.contents(), as: UTF8.self)
            return failed(Self.lastLine(err) ?? "the analysis failed with exit status \(status)")
        case .exited:
            break
        }
        guard let measurements = try? JSONDecoder().decode(ScanMeasurements.self, from: stdout.contents()) else {
            return failed("the analysis printed no measurements JSON")
        }
        return BatchRecord(scan: key, status: .ok, seconds: seconds(), measurements: measurements)
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
