#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `SHOW MASTER STATUS` on TiDB: the binlog file is always `tidb-binlog` and the position is the
/// current TSO.
public struct MasterStatus: Sendable, Hashable {
    public var file: String
    public var position: UInt64
    public var tso: TSO { TSO(rawValue: self.position) }
}

extension TiDBConnection {
    /// PD's current TSO, as the DR runbook reads it: `BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK`
    /// (one round trip when multi-statements are on). Refused inside a transaction, where
    /// `TIDB_CURRENT_TSO()` returns that transaction's start TS and `BEGIN` would commit it.
    public func currentTSO() throws(TiDBClientError) -> TSO {
        let statements = ["BEGIN", "SELECT TIDB_CURRENT_TSO()", "ROLLBACK"]
        guard try !self.isInTransaction else {
            throw TiDBClientError(
                kind: .usage,
                message: "currentTSO() needs a session outside a transaction (BEGIN would commit the open one)",
                statement: statements.joined(separator: "; ")
            )
        }
        do throws(TiDBClientError) {
            let result: QueryResult
            if self.configuration.multiStatements {
                result = try self.queryAll(statements.joined(separator: "; "))[1]
            } else {
                try self.query(statements[0])
                result = try self.query(statements[1])
                try self.query(statements[2])
            }
            let tso = try result.scalar(TSO.self)
            guard tso.rawValue != 0 else {
                throw TiDBClientError(
                    unexpected: "TIDB_CURRENT_TSO() returned 0 inside BEGIN",
                    statement: statements[1]
                )
            }
            return tso
        } catch {
            if (try? self.isInTransaction) == true { _ = try? self.query("ROLLBACK") }
            throw error
        }
    }

    /// `SHOW MASTER STATUS`.
    public func masterStatus() throws(TiDBClientError) -> MasterStatus {
        let sql = "SHOW MASTER STATUS"
        guard let row = try self.query(sql).rows.first else {
            throw TiDBClientError(
                unexpected: "SHOW MASTER STATUS returned no row (binary logging off?)",
                statement: sql
            )
        }
        return MasterStatus(file: try row.decode(column: "File"), position: try row.decode(column: "Position"))
    }

    /// `SELECT @@global.tidb_gc_enable`.
    public func isGCEnabled() throws(TiDBClientError) -> Bool {
        try self.query("SELECT @@global.tidb_gc_enable").scalar(Bool.self)
    }

    /// `SET GLOBAL tidb_gc_enable = ON|OFF`.
    public func setGCEnabled(_ enabled: Bool) throws(TiDBClientError) {
        try self.query("SET GLOBAL tidb_gc_enable = \(enabled ? "ON" : "OFF")")
    }

    /// The GC safe point TiDB records in `mysql.tidb` (`tikv_gc_safe_point`); nil before the
    /// first GC run has written it.
    public func gcSafePoint() throws(TiDBClientError) -> Date? {
        let sql = "SELECT VARIABLE_VALUE FROM mysql.tidb WHERE VARIABLE_NAME = 'tikv_gc_safe_point'"
        guard let row = try self.query(sql).rows.first else { return nil }
        let text: String = try row.decode(at: 0)
        guard let date = GCTimeText.date(from: text) else {
            throw TiDBClientError(unexpected: "tikv_gc_safe_point '\(text)' is not in TiDB's format", statement: sql)
        }
        return date
    }

    /// `SELECT @@global.tidb_external_ts`: the TS that syncpoint last set; 0 if never set.
    public func externalTS() throws(TiDBClientError) -> TSO {
        try self.query("SELECT @@global.tidb_external_ts").scalar(TSO.self)
    }

    /// `SET tidb_enable_external_ts_read = ON|OFF` for this session: reads see `tidb_external_ts`.
    public func setExternalTSRead(_ enabled: Bool) throws(TiDBClientError) {
        try self.query("SET tidb_enable_external_ts_read = \(enabled ? "ON" : "OFF")")
    }

    /// `SET @@tidb_snapshot = '<tso>'`: this session reads the data as of `tso`; nil goes back to
    /// reading the latest data.
    public func useSnapshot(_ tso: TSO?) throws(TiDBClientError) {
        try self.query("SET @@tidb_snapshot = '\(tso.map { String($0.rawValue) } ?? "")'")
    }

    /// `SELECT VERSION()`, parsed.
    public func serverInfo() throws(TiDBClientError) -> ServerInfo {
        ServerInfo(version: try self.query("SELECT VERSION()").scalar(String.self))
    }
}

/// TiDB's GC time layout, `20060102-15:04:05.000 -0700` (Go), as `mysql.tidb` stores it.
enum GCTimeText {
    static func date(from text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count >= 2 else { return nil }
        let stamp = Array(parts[0].utf8)
        let zone = Array(parts[1].utf8)
        guard stamp.count >= 17, stamp[8] == UInt8(ascii: "-"), zone.count == 5 else { return nil }
        func number(_ bytes: ArraySlice<UInt8>) -> Int? { Int(String(decoding: bytes, as: UTF8.self)) }
        guard let year = number(stamp[0..<4]), let month = number(stamp[4..<6]), let day = number(stamp[6..<8]),
            let time = SQLTime(text: String(decoding: stamp[9...], as: UTF8.self)),
            let zoneHours = number(zone[1..<3]), let zoneMinutes = number(zone[3..<5])
        else { return nil }
        let offset = (zoneHours * 3600 + zoneMinutes * 60) * (zone[0] == UInt8(ascii: "-") ? -1 : 1)
        let fields = SQLTimestamp(
            year: year,
            month: month,
            day: day,
            hour: time.hours,
            minute: time.minutes,
            second: time.seconds,
            microsecond: time.microseconds
        )
        return fields.date(offsetSeconds: offset)
    }
}

extension TiDBConnection {
    /// `SELECT @@global.tidb_super_read_only`: TiDB refuses every write (1836) while it is on.
    public func isSuperReadOnly() throws(TiDBClientError) -> Bool {
        try self.query("SELECT @@global.tidb_super_read_only").scalar(Bool.self)
    }

    /// `SET GLOBAL tidb_super_read_only = ON|OFF`.
    public func setSuperReadOnly(_ enabled: Bool) throws(TiDBClientError) {
        try self.query("SET GLOBAL tidb_super_read_only = \(enabled ? "ON" : "OFF")")
    }
}
