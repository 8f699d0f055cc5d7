import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scans' running child processes, and whether the batch has been asked to stop.
///
/// The children run in their own process groups (`ChildProcess` starts them there), so a Ctrl-C at the
/// terminal reaches the batch alone. On `interrupt`, the batch stops starting scans and sends each running
/// child SIGTERM (a second interrupt sends SIGKILL): no analysis outlives the batch that started it.
public final class BatchInterruption: @unchecked Sendable {
    private let lock = NSLock()
    private var children: [ObjectIdentifier: ChildProcess] = [:]
    private var received: [Int32] = []

    public init() {}

    /// The first signal received, or nil while the batch runs on.
    public var signal: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return received.first
    }

    /// Records a started child; one started after the interrupt is sent SIGTERM at once.
    func started(_ child: ChildProcess) {
        lock.lock()
        defer { lock.unlock() }
        guard received.isEmpty else {
            child.send(SIGTERM)
            return
        }
        children[ObjectIdentifier(child)] = child
    }

    /// Forgets a child that has ended.
    func ended(_ child: ChildProcess) {
        lock.lock()
        children[ObjectIdentifier(child)] = nil
        lock.unlock()
    }

    /// Stops the batch: SIGTERM to every running child, SIGKILL from the second signal on.
    public func interrupt(by signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        received.append(signal)
        for child in children.values { child.send(received.count == 1 ? SIGTERM : SIGKILL) }
    }
}
