#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the C and C++ libraries (GDCM, OpenJPEG, CharLS, libjpeg, libpng) from writing their own
/// messages to stderr, so that every failure ends in exactly one line of ImplantScan's: while a
/// command runs, file descriptor 2 points at /dev/null; it is restored before ImplantScan reports.
/// `IMPLANTSCAN_DEBUG=1` leaves stderr alone, to see what a library said.
struct StandardErrorGuard: Sendable {
    private let saved: Int32

    /// The process's guard, made on first use (at the start of `main`).
    static let shared = silenceLibraries()

    /// The descriptor of the stderr the user sees, for a command's own messages while the guard is on
    /// (`batch`'s progress).
    var userStandardError: Int32 { saved >= 0 ? saved : STDERR_FILENO }

    /// Redirects stderr to /dev/null (unless IMPLANTSCAN_DEBUG is set); returns a guard to restore it.
    static func silenceLibraries() -> StandardErrorGuard {
        if getenv("IMPLANTSCAN_DEBUG") != nil { return StandardErrorGuard(saved: -1) }
        let saved = dup(STDERR_FILENO)
        let null = open("/dev/null", O_WRONLY)
        if saved >= 0 && null >= 0 { dup2(null, STDERR_FILENO) }
        if null >= 0 { close(null) }
        return StandardErrorGuard(saved: saved)
    }

    /// Points stderr back at the terminal (or wherever it went before).
    func restore() {
        guard saved >= 0 else { return }
        dup2(saved, STDERR_FILENO)
    }
}
