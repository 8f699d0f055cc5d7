#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A test hook, honoured by `analyze` only: when `IMPLANTSCAN_TEST_CRASH_ON` is set to a non-empty text
/// that the scan's path contains, the process dies of SIGSEGV before it reads the scan, as it would on a
/// decoder crash. The batch's crash isolation (`batch` analyses each scan in a child process) is tested
/// with it (Tests/Reference/test_bad_input.py); no file found in the wild crashes GDCM behind the bridge.
/// Unset in normal use, it changes nothing.
enum TestCrashHook {
    static let variable = "IMPLANTSCAN_TEST_CRASH_ON"

    static func crashIfAsked(scanPath: String) {
        guard let marker = getenv(variable).map({ String(cString: $0) }), !marker.isEmpty,
              scanPath.contains(marker) else { return }
        signal(SIGSEGV, SIG_DFL)
        raise(SIGSEGV)
    }
}
