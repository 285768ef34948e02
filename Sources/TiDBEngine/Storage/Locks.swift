import Synchronization

/// What pessimistic transactions lock: a row handle, or a unique-index key.
struct LockKey: Hashable {
    var tableID: Int64
    var key: [UInt8]
}

/// A statement waiting for another transaction's lock. The network layer waits for `release`
/// (or gives up after `innodb_lock_wait_timeout`, or on KILL) and then runs the statement again.
public final class LockWait: Sendable {
    let waiter: UInt64
    let holder: UInt64
    /// The key waited for; nil for a BACKUP or RESTORE's completion.
    let key: LockKey?
    private let state = Mutex<(released: Bool, callback: (@Sendable () -> Void)?)>((false, nil))

    init(waiter: UInt64, holder: UInt64, key: LockKey? = nil) {
        self.waiter = waiter
        self.holder = holder
        self.key = key
    }

    /// Calls `callback` once the holder has committed or rolled back (at once if it already has).
    public func onRelease(_ callback: @escaping @Sendable () -> Void) {
        let released = self.state.withLock { state in
            if state.released { return true }
            state.callback = callback
            return false
        }
        if released { callback() }
    }

    func release() {
        let callback = self.state.withLock { state -> (@Sendable () -> Void)? in
            guard !state.released else { return nil }
            state.released = true
            defer { state.callback = nil }
            return state.callback
        }
        callback?()
    }
}
