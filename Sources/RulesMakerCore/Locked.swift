import Synchronization

/// A reference to a value behind a `Mutex`, for sharing mutable state between tasks.
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) { mutex = Mutex(value) }

    public func withLock<R: Sendable>(_ body: (inout sending Value) throws -> sending R) rethrows -> R {
        try mutex.withLock(body)
    }

    public var value: Value { mutex.withLock { $0 } }
}
