/// Wraps a value that is shared across workers which each touch a disjoint part of it.
public struct UnsafeSendable<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}
