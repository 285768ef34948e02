import MySQLTypes
import Synchronization

/// Every statement the server received (COM_QUERY texts and prepared executes), with who sent it
/// and how it ended, like Vitess fakesqldb's query log: `GET /mock/v1/querylog`, and optionally
/// JSON lines in a file (`mock-tidb --query-log FILE`).
///
/// Recording is off until asked for (`PUT /mock/v1/querylog {"recording": true}`, or
/// `--query-log FILE`): one shared mutex per statement took a fifth of the server's QPS at 8
/// threads and half at 64 (BENCHMARKS.md, issue 17), so an unlogged server keeps its measured
/// speed. When on, it is one mutex append of a value that shares the statement's bytes; texts are
/// decoded and times formatted only when someone reads them. Only the newest `capacity` entries are kept; sequence numbers keep counting
/// across evictions and clears, so `since` cursors stay valid.
public final class QueryLog: Sendable {
    public static let defaultCapacity = 100_000

    public let capacity: Int
    private let state: Mutex<Ring>
    private let recording = Atomic<Bool>(false)

    /// Whether statements are being recorded.
    public var isRecording: Bool {
        get { self.recording.load(ordering: .relaxed) }
        set { self.recording.store(newValue, ordering: .relaxed) }
    }

    public init(capacity: Int = QueryLog.defaultCapacity) {
        self.capacity = max(1, capacity)
        self.state = Mutex(Ring())
    }

    private struct Ring {
        var entries: [QueryLogEntry] = []
        /// Where the oldest entry is once the ring is full.
        var start = 0
        var nextSequence: UInt64 = 1
        var file: QueryLogFile?

        var oldestSequence: UInt64 { self.nextSequence - UInt64(self.entries.count) }
    }

    /// Appends JSON lines for every later entry to `path` (created if missing, appended to).
    public func writeLines(toFile path: String) throws(QueryLogFileError) {
        let file = try QueryLogFile(path: path)
        self.state.withLock { $0.file = file }
        self.isRecording = true
    }

    /// Records one statement; `code` is 0 when it succeeded, else the error number sent.
    func record(
        microseconds: Int64,
        connectionID: UInt64,
        user: String,
        kind: QueryLogEntry.Kind,
        text: [UInt8],
        code: UInt16
    ) {
        guard self.isRecording else { return }
        let capacity = self.capacity
        let (entry, file) = self.state.withLock { ring -> (QueryLogEntry, QueryLogFile?) in
            let entry = QueryLogEntry(
                sequence: ring.nextSequence,
                microsecondsSinceEpoch: microseconds,
                connectionID: connectionID,
                user: user,
                kind: kind,
                text: text,
                code: code
            )
            ring.nextSequence += 1
            if ring.entries.count < capacity {
                ring.entries.append(entry)
            } else {
                ring.entries[ring.start] = entry
                ring.start = (ring.start + 1) % capacity
            }
            return (entry, ring.file)
        }
        // Outside the lock, so a slow disk holds up only this connection; lines from different
        // connections may then land a few out of order, which `seq` tells.
        file?.append(entry.jsonLine + "\n")
    }

    /// The entries after sequence number `since`, oldest first, at most `limit` of them.
    public func entries(since: UInt64 = 0, limit: Int = .max) -> QueryLogPage {
        self.state.withLock { ring in
            let oldest = ring.oldestSequence
            let first = max(since &+ 1, oldest)
            var entries: [QueryLogEntry] = []
            var sequence = first
            while sequence < ring.nextSequence, entries.count < limit {
                let offset = Int(sequence - oldest)
                entries.append(ring.entries[(ring.start + offset) % ring.entries.count])
                sequence += 1
            }
            return QueryLogPage(
                entries: entries,
                nextSince: entries.last?.sequence ?? max(since, ring.nextSequence - 1),
                truncated: since &+ 1 < oldest
            )
        }
    }

    /// The sequence number of the newest statement recorded (0 before the first).
    public var newestSequence: UInt64 {
        self.state.withLock { $0.nextSequence - 1 }
    }

    /// Forgets every entry; sequence numbers go on from where they were.
    public func clear() {
        self.state.withLock { ring in
            ring.entries = []
            ring.start = 0
        }
    }
}

/// What one read of the log returns.
public struct QueryLogPage: Sendable, Equatable {
    public var entries: [QueryLogEntry]
    /// The `since` for the next read: the last sequence number returned (or the newest one).
    public var nextSince: UInt64
    /// Whether entries after `since` were evicted or cleared before this read.
    public var truncated: Bool
}

/// One received statement.
public struct QueryLogEntry: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// COM_QUERY: the text as sent (several statements if the client sent several).
        case query
        /// COM_STMT_EXECUTE: the prepared statement's text.
        case execute
    }

    public var sequence: UInt64
    /// The cluster's time when the statement arrived (it follows `clock/advance`, as `NOW()` does).
    public var microsecondsSinceEpoch: Int64
    public var connectionID: UInt64
    public var user: String
    public var kind: Kind
    public var text: [UInt8]
    /// 0 for success, else the MySQL error number the client got (for a multi-statement text, the
    /// first statement that failed).
    public var code: UInt16

    public var textString: String { String(decoding: self.text, as: UTF8.self) }

    /// One JSON object, keys in this order; the text as UTF-8 (bytes that are not become U+FFFD).
    public var jsonLine: String {
        "{\"seq\":\(self.sequence),\"time\":\"\(Self.rfc3339(self.microsecondsSinceEpoch))\""
            + ",\"connection_id\":\(self.connectionID),\"user\":\(ControlJSON.quoted(self.user))"
            + ",\"kind\":\"\(self.kind.rawValue)\",\"text\":\(ControlJSON.quoted(self.textString)),\"code\":\(self.code)}"
    }

    /// RFC 3339 in UTC with milliseconds: `2025-01-02T03:04:05.678Z`.
    public static func rfc3339(_ microseconds: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        let days = microseconds >= 0 ? microseconds / perDay : (microseconds - perDay + 1) / perDay
        let ofDay = microseconds - days * perDay
        let date = CivilCalendar.date(fromDays: days)
        let milliseconds = ofDay / 1000
        return TemporalText.date(year: date.year, month: date.month, day: date.day) + "T"
            + (milliseconds / 3_600_000).zeroPadded(2) + ":" + (milliseconds / 60_000 % 60).zeroPadded(2) + ":"
            + (milliseconds / 1000 % 60).zeroPadded(2) + "." + (milliseconds % 1000).zeroPadded(3) + "Z"
    }
}
