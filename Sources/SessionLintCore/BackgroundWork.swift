import Foundation

/// One computation on a thread of its own, started at once; `result()` waits for it. For work
/// that is independent of what the caller does meanwhile (the caller keeps the order of results).
public final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the thread before it signals `done`; read only after waiting on it.
    private var value: Value?

    public init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            value = work()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    public func result() -> Value {
        done.wait()
        done.signal()  // a second call returns at once
        return value!
    }
}
