import Synchronization

/// The live connections of one TiDB instance, for KILL, SHOW PROCESSLIST and `/status`.
public final class ConnectionRegistry: Sendable {
    /// What the network layer lets the engine do to a connection.
    public struct Controls: Sendable {
        /// Closes the connection (KILL CONNECTION).
        public var close: @Sendable () -> Void
        /// Stops the running statement (KILL QUERY), such as one waiting for a lock.
        public var interrupt: @Sendable () -> Void

        public init(close: @escaping @Sendable () -> Void, interrupt: @escaping @Sendable () -> Void = {}) {
            self.close = close
            self.interrupt = interrupt
        }
    }

    /// What SHOW PROCESSLIST shows of a connection.
    public struct Activity: Sendable {
        public var user: String
        public var host: String
        public var database: String?
        public var command: String
        public var sinceMicroseconds: Int64
        public var statement: String?
        /// The open transaction's start TS (information_schema.PROCESSLIST's TxnStart); set when
        /// a transaction opens or ends, never per autocommit statement.
        public var transactionStartTS: UInt64? = nil
    }

    final class Entry: Sendable {
        let controls: Controls
        /// The last statement; `running` says whether it is still executing.
        let activity: Mutex<Activity>
        let running = Atomic<Bool>(false)
        /// Set by KILL QUERY; a running statement checks it and stops with 1317.
        let interrupted = Atomic<Bool>(false)

        init(controls: Controls, activity: Activity) {
            self.controls = controls
            self.activity = Mutex(activity)
        }
    }

    private let entries = Mutex<[UInt64: Entry]>([:])

    init() {}

    func register(_ id: UInt64, controls: Controls, activity: Activity) -> Entry {
        let entry = Entry(controls: controls, activity: activity)
        self.entries.withLock { $0[id] = entry }
        return entry
    }

    func unregister(_ id: UInt64) {
        _ = self.entries.withLock { $0.removeValue(forKey: id) }
    }

    func entry(_ id: UInt64) -> Entry? {
        self.entries.withLock { $0[id] }
    }

    public var count: Int {
        self.entries.withLock { $0.count }
    }

    func snapshot() -> [(UInt64, Activity)] {
        let entries = self.entries.withLock { Array($0) }
        return entries.map { id, entry in
            var activity = entry.activity.withLock { $0 }
            if !entry.running.load(ordering: .acquiring) {
                activity.command = "Sleep"
                activity.statement = nil
            }
            return (id, activity)
        }.sorted { $0.0 < $1.0 }
    }
}
