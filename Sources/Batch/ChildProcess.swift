import CSpawnBridge
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process that holds nothing of the batch's but its standard input, output and error.
///
/// Foundation's `Process` was used before. On Linux it learns that its child ended when the last holder of
/// a socket it gives the child closes it, and the socket is inherited by any child another thread starts
/// in the meantime: a quick scan started beside a hung one then seemed to run until the hung one ended
/// ("stopped after --timeout", CI stop 32). A lock around the starts fixed that for the batch's own
/// children but not for a process that starts others too (the test runner: one child of 400 held three
/// sockets, CI stop 38). Here every descriptor but the three is closed in the child as it starts, and the
/// end is learnt from `waitpid` on a thread of the child's own.
final class ChildProcess: @unchecked Sendable {
    /// How a child ended: its exit status (-1 when it could not be waited for: something else in this
    /// process reaped it), or the signal that killed it.
    enum Termination: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// Why a child could not be started: the `errno` of the start (a missing or non-executable file among them).
    struct StartFailure: Error, CustomStringConvertible {
        let code: Int32
        var description: String { String(cString: strerror(code)) }
    }

    private let pid: pid_t
    private let ended = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var termination: Termination?

    /// Starts `executable` with `arguments` and `environment`; standard input is /dev/null. The child runs in
    /// a process group of its own, with no signal blocked and every signal at its default action.
    init(executable: String, arguments: [String], environment: [String: String],
         standardOutput: FileHandle, standardError: FileHandle) throws {
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard null >= 0 else { throw StartFailure(code: errno) }
        defer { close(null) }
        var started: pid_t = 0
        let status = Self.withCStrings([executable] + arguments) { argv in
            Self.withCStrings(environment.map { "\($0.key)=\($0.value)" }) { envp in
                spawn_bridge_start(executable, argv, envp, null, standardOutput.fileDescriptor,
                                   standardError.fileDescriptor, &started)
            }
        }
        guard status == 0 else { throw StartFailure(code: status) }
        pid = started
        // The child is reaped under the lock, so `send` never signals an identifier given to another process.
        Thread.detachNewThread { [self] in
            let waited = spawn_bridge_wait_exit(pid)
            lock.withLock {
                var code: Int32 = 0, signal: Int32 = 0
                let reaped = spawn_bridge_reap(pid, &code, &signal)
                termination = waited != 0 || reaped != 0 ? .exited(-1) : signal != 0 ? .signalled(signal) : .exited(code)
            }
            ended.signal()
        }
    }

    /// Waits until the child has ended and returns how, or returns nil after `seconds`.
    func wait(seconds: Double) -> Termination? { wait(until: .now() + seconds) }

    /// Waits until the child has ended and returns how.
    func wait() -> Termination { wait(until: .distantFuture)! }

    private func wait(until deadline: DispatchTime) -> Termination? {
        guard ended.wait(timeout: deadline) == .success else { return nil }
        ended.signal()  // a later wait returns at once
        return lock.withLock { termination }
    }

    /// Sends `signal` to the child unless it has been reaped (its identifier may then belong to another).
    func send(_ signal: Int32) {
        lock.withLock { if termination == nil { kill(pid, signal) } }
    }

    /// Calls `body` with a NULL-terminated array of C strings that live as long as the call.
    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies + [nil])
    }
}
