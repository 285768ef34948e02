#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// TiDB's GC worker bookkeeping: leader rows, defaults, and each run's safe point
/// (`pkg/store/gcworker/gc_worker.go`). A run computes `now - tidb_gc_life_time`, holds it
/// below every live service safepoint, never moves it back, and records it in `mysql.tidb`
/// and in PD. With `tidb_gc_enable = OFF` nothing moves.
public struct GCWorker: Sendable {
    /// `gcWorkerLease`: how long a leader's lease lasts.
    static let leaseMicroseconds: Int64 = 2 * 60 * 1_000_000

    let cluster: Cluster
    let hostName: String

    /// What the worker writes on its first tick: leadership rows and missing defaults.
    func start(nowMicroseconds now: Int64) {
        let table = self.cluster.mysqlTiDB
        let uuid = String(self.cluster.pd.oracle.next().rawValue, radix: 16)
        table.set(MySQLTiDBRows.gcLeaderUUID.0, uuid, comment: MySQLTiDBRows.gcLeaderUUID.1)
        table.set(
            MySQLTiDBRows.gcLeaderDescription.0,
            "host:\(self.hostName), pid:\(getpid()), start at \(GCTimeFormat.goTimeString(now))",
            comment: MySQLTiDBRows.gcLeaderDescription.1
        )
        table.set(
            MySQLTiDBRows.gcLeaderLease.0,
            GCTimeFormat.format(now + Self.leaseMicroseconds),
            comment: MySQLTiDBRows.gcLeaderLease.1
        )
        for (row, value) in [
            (MySQLTiDBRows.gcEnable, "true"), (MySQLTiDBRows.gcRunInterval, "10m0s"),
            (MySQLTiDBRows.gcLifeTime, "10m0s"),
        ] where table.value(row.0) == nil {
            table.set(row.0, value, comment: row.1)
        }
        self.runIfDue(nowMicroseconds: now)
        for (row, value) in [
            (MySQLTiDBRows.gcAutoConcurrency, "true"), (MySQLTiDBRows.gcConcurrency, "2"),
            (MySQLTiDBRows.gcMode, "distributed"), (MySQLTiDBRows.gcScanLockMode, "legacy"),
        ] where table.value(row.0) == nil {
            table.set(row.0, value, comment: row.1)
        }
    }

    var isEnabled: Bool { self.cluster.mysqlTiDB.value(MySQLTiDBRows.gcEnable.0) != "false" }

    /// Runs GC when enabled and `tidb_gc_run_interval` has passed since the last run.
    /// Returns the new safe point when a run happened.
    @discardableResult
    func runIfDue(nowMicroseconds now: Int64) -> TSO? {
        let table = self.cluster.mysqlTiDB
        guard self.isEnabled else { return nil }
        let interval = GoDuration.parse(table.value(MySQLTiDBRows.gcRunInterval.0) ?? "10m0s") ?? 600_000_000_000
        if let last = table.value(MySQLTiDBRows.gcLastRunTime.0).flatMap(GCTimeFormat.parse),
            now - last < interval / 1000
        {
            return nil
        }
        let lifeTime = GoDuration.parse(table.value(MySQLTiDBRows.gcLifeTime.0) ?? "10m0s") ?? 600_000_000_000
        var candidate = TSO(physicalMilliseconds: (now - lifeTime / 1000) / 1000)
        if let service = self.cluster.pd.minimumServiceSafePoint(nowMicroseconds: now), service < candidate {
            candidate = service
        }
        let safePoint = self.cluster.pd.advanceGCSafePoint(to: candidate)
        table.set(MySQLTiDBRows.gcLastRunTime.0, GCTimeFormat.format(now), comment: MySQLTiDBRows.gcLastRunTime.1)
        table.set(
            MySQLTiDBRows.gcSafePoint.0,
            GCTimeFormat.format(safePoint.physical * 1000),
            comment: MySQLTiDBRows.gcSafePoint.1
        )
        return safePoint
    }
}

/// Go layouts TiDB uses for GC rows, in the server's own time zone.
enum GCTimeFormat {
    /// `20060102-15:04:05.000 -0700`
    static func format(_ micros: Int64) -> String {
        let offset = SystemTimeZone.offsetSeconds(atMicroseconds: micros)
        let time = SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: offset, fractionDigits: 3)
        return SQLDateTime.pad(time.year, 4) + SQLDateTime.pad(time.month, 2) + SQLDateTime.pad(time.day, 2) + "-"
            + SQLDateTime.pad(time.hour, 2) + ":" + SQLDateTime.pad(time.minute, 2) + ":"
            + SQLDateTime.pad(time.second, 2) + "." + SQLDateTime.pad(time.microsecond / 1000, 3) + " "
            + SystemTimeZone.offsetText(seconds: offset)
    }

    /// Parses `20060102-15:04:05[.000] -0700` back to epoch microseconds.
    static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, parts[0].count >= 17 else { return nil }
        let stamp = Array(parts[0])
        func number(_ range: Range<Int>) -> Int? { Int(String(stamp[range])) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(12..<14), let second = number(15..<17)
        else { return nil }
        let millis = stamp.count > 18 ? number(18..<stamp.count) ?? 0 : 0
        let zone = Array(parts[1])
        guard zone.count == 5, let hours = Int(String(zone[1..<3])), let minutes = Int(String(zone[3..<5])) else {
            return nil
        }
        let offset = (hours * 3600 + minutes * 60) * (zone[0] == "-" ? -1 : 1)
        let time = SQLDateTime(
            year: year,
            month: month,
            day: day,
            hour: hour,
            minute: minute,
            second: second,
            microsecond: millis * 1000
        )
        return time.microsecondsSinceEpoch(offsetSeconds: offset)
    }

    /// Go's `time.Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    static func goTimeString(_ micros: Int64) -> String {
        let offset = SystemTimeZone.offsetSeconds(atMicroseconds: micros)
        var time = SQLDateTime(microsecondsSinceEpoch: micros, offsetSeconds: offset, fractionDigits: 6)
        var text = time.description
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        time.fractionDigits = 0
        let abbreviation = offset == 0 ? "UTC" : SystemTimeZone.offsetText(seconds: offset)
        return text + " " + SystemTimeZone.offsetText(seconds: offset) + " " + abbreviation
    }
}
