import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Catches SIGINT, SIGTERM and SIGHUP while a batch runs and hands each to `onSignal` on a thread of its own.
///
/// The handler only writes the signal's number to a pipe (all a signal handler may safely do); the watcher's
/// thread reads it. Caught signals are reset to their default in an exec'd child, so the scans' processes
/// still stop on SIGTERM. `finish()` puts back the handlers that were there before. Signal handlers are
/// process-wide, and so is the pipe they write to: one watcher at a time.
public final class SignalWatcher: @unchecked Sendable {
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private let readFD: Int32
    private let writeFD: Int32
    private var previous: [Int32: sigaction] = [:]
    private let done = DispatchSemaphore(value: 0)

    /// Installs the handlers; nil when the pipe cannot be made (the batch then runs without them).
    public init?(onSignal: @escaping @Sendable (Int32) -> Void) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        readFD = fds[0]
        writeFD = fds[1]
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        signalPipeWriteFD = writeFD
        Thread.detachNewThread { [readFD, done] in
            var byte: UInt8 = 0
            while true {
                let n = read(readFD, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 || byte == 0 { break }  // byte 0: finish() asks the thread to end
                onSignal(Int32(byte))
            }
            done.signal()
        }
        for s in Self.signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = signalPipeHandler
            #else
            action.__sigaction_u.__sa_handler = signalPipeHandler
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            var old = sigaction()
            sigaction(s, &action, &old)
            previous[s] = old
        }
    }

    /// Puts the previous handlers back and ends the watcher's thread.
    public func finish() {
        for (s, old) in previous {
            var action = old
            sigaction(s, &action, nil)
        }
        var zero: UInt8 = 0
        _ = write(writeFD, &zero, 1)
        done.wait()
        close(readFD)
        close(writeFD)
    }
}

/// The pipe the handler writes to; set before any handler is installed.
private nonisolated(unsafe) var signalPipeWriteFD: Int32 = -1

private func signalPipeHandler(_ signal: Int32) {
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(signalPipeWriteFD, &byte, 1)
    errno = saved
}
