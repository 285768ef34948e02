import GoFormats
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// TiDB's GC worker (`pkg/store/gcworker/gc_worker.go`, v8.5). Every TiDB instance has one. It
/// ticks once when the instance starts and then every minute (`GCService` drives that); a tick
/// renews or takes the leader lease in `mysql.tidb`, and the leader runs GC when
/// `tidb_gc_run_interval` has passed since the last run: the safe point becomes
/// now − `tidb_gc_life_time`, held below running transactions and every service safepoint, never
/// moved back; versions below it are dropped. With `tidb_gc_enable = OFF` nothing moves.
public struct GCWorker: Sendable {
    /// `gcWorkerTickInterval`.
    public static let tickInterval = Duration.seconds(60)
    /// `gcWorkerLease`: how long a leader's lease lasts.
    static let leaseMicroseconds: Int64 = 2 * 60 * 1_000_000
    /// `gcMinLifeTime`, also the default life time and run interval (nanoseconds).
    static let minimumLifeTime: Int64 = 600_000_000_000
    /// `gcWorkerServiceSafePointID`: the worker's own PD service safepoint.
    public static let serviceSafePointID = PlacementDriver.gcWorkerServiceID
    /// Ticks of all workers run one at a time: TiDB checks leadership and records a run each in
    /// one transaction on `mysql.tidb`, so two instances of a cluster never both lead or both run.
    private static let tickLock = Mutex(())

    /// What one GC run did.
    public struct Run: Sendable, Equatable {
        public var safePoint: TSO
        public var droppedVersions: Int
    }

    let cluster: Cluster
    /// The worker's identity in `tikv_gc_leader_uuid`: a TSO in hex, as TiDB makes it.
    public let uuid: String
    /// `tikv_gc_leader_desc`.
    let leaderDescription: String

    public init(cluster: Cluster, hostName: String) {
        self.cluster = cluster
        self.uuid = String(cluster.pd.oracle.next().rawValue, radix: 16)
        let now = cluster.clock.microsecondsSinceEpoch()
        self.leaderDescription = "host:\(hostName), pid:\(getpid()), start at \(GCTimeFormat.goTimeString(now))"
    }

    /// The tick TiDB's worker runs at once when it starts: leadership, then the rows a fresh
    /// TiDB has (in its order), with the first run's safe point.
    func start(nowMicroseconds now: Int64) {
        Self.tickLock.withLock { _ in
            let table = self.cluster.mysqlTiDB
            let isLeader = self.checkLeader(now)
            for (row, value) in [
                (MySQLTiDBRows.gcEnable, "true"), (MySQLTiDBRows.gcRunInterval, "10m0s"),
                (MySQLTiDBRows.gcLifeTime, "10m0s"),
            ] where table.value(row.0) == nil {
                table.set(row.0, value, comment: row.1)
            }
            if isLeader { self.runIfDueLocked(now) }
            for (row, value) in [
                (MySQLTiDBRows.gcAutoConcurrency, "true"), (MySQLTiDBRows.gcConcurrency, "2"),
                (MySQLTiDBRows.gcMode, "distributed"), (MySQLTiDBRows.gcScanLockMode, "legacy"),
            ] where table.value(row.0) == nil {
                table.set(row.0, value, comment: row.1)
            }
        }
    }

    /// One tick at the cluster's wall-clock time.
    @discardableResult
    public func tick() -> Run? {
        self.tick(nowMicroseconds: self.cluster.clock.microsecondsSinceEpoch())
    }

    /// One tick: the leader renews its lease and runs GC if it is due; another worker takes
    /// over once the leader's lease has lapsed. Returns what a run did.
    @discardableResult
    public func tick(nowMicroseconds now: Int64) -> Run? {
        Self.tickLock.withLock { _ in
            guard self.checkLeader(now) else { return nil }
            return self.runIfDueLocked(now)
        }
    }

    /// Runs GC if it is due, whoever leads; returns the new safe point when a run happened.
    @discardableResult
    func runIfDue(nowMicroseconds now: Int64) -> TSO? {
        Self.tickLock.withLock { _ in self.runIfDueLocked(now)?.safePoint }
    }

    /// `checkLeader`.
    private func checkLeader(_ now: Int64) -> Bool {
        let table = self.cluster.mysqlTiDB
        let lease = GCTimeFormat.format(now + Self.leaseMicroseconds)
        if table.value(MySQLTiDBRows.gcLeaderUUID.0) == self.uuid {
            table.set(MySQLTiDBRows.gcLeaderLease.0, lease, comment: MySQLTiDBRows.gcLeaderLease.1)
            return true
        }
        if let current = table.value(MySQLTiDBRows.gcLeaderLease.0).flatMap(GCTimeFormat.parse), current >= now {
            return false
        }
        table.set(MySQLTiDBRows.gcLeaderUUID.0, self.uuid, comment: MySQLTiDBRows.gcLeaderUUID.1)
        table.set(
            MySQLTiDBRows.gcLeaderDescription.0,
            self.leaderDescription,
            comment: MySQLTiDBRows.gcLeaderDescription.1
        )
        table.set(MySQLTiDBRows.gcLeaderLease.0, lease, comment: MySQLTiDBRows.gcLeaderLease.1)
        return true
    }

    /// `prepare` and `runGCJob`: decide the safe point, record it, drop what lies below it.
    @discardableResult
    private func runIfDueLocked(_ now: Int64) -> Run? {
        let table = self.cluster.mysqlTiDB
        guard self.checkEnabled(), let interval = self.duration(MySQLTiDBRows.gcRunInterval) else { return nil }
        if let last = table.value(MySQLTiDBRows.gcLastRunTime.0).flatMap(GCTimeFormat.parse),
            last + interval / 1000 > now
        {
            return nil
        }
        guard var lifeTime = self.duration(MySQLTiDBRows.gcLifeTime) else { return nil }
        if lifeTime < Self.minimumLifeTime {
            // `validateGCLifeTime`: a row below the minimum is raised to it.
            lifeTime = Self.minimumLifeTime
            table.update(MySQLTiDBRows.gcLifeTime.0, "10m0s", commentIfNew: MySQLTiDBRows.gcLifeTime.1)
        }
        var safePoint = self.heldForRunningTransactions(TSO(physicalMilliseconds: (now - lifeTime / 1000) / 1000), now)
        let pd = self.cluster.pd
        pd.updateServiceSafePoint(service: Self.serviceSafePointID, safePoint: safePoint, expiresAtMicroseconds: .max)
        if let minimum = pd.minimumServiceSafePoint(nowMicroseconds: now), minimum < safePoint { safePoint = minimum }
        // The row keeps milliseconds, so progress is judged there (TiDB compares the times).
        if let last = table.value(MySQLTiDBRows.gcSafePoint.0).flatMap(GCTimeFormat.parse),
            safePoint.physical * 1000 <= last
        {
            return nil
        }
        table.set(MySQLTiDBRows.gcLastRunTime.0, GCTimeFormat.format(now), comment: MySQLTiDBRows.gcLastRunTime.1)
        table.set(
            MySQLTiDBRows.gcSafePoint.0,
            GCTimeFormat.format(safePoint.physical * 1000),
            comment: MySQLTiDBRows.gcSafePoint.1
        )
        let effective = pd.advanceGCSafePoint(to: safePoint)
        let dropped = self.cluster.storage.collectGarbage(safePoint: effective.rawValue)
        return Run(safePoint: effective, droppedVersions: dropped)
    }

    /// `calcSafePointByMinStartTS`: a running transaction's snapshot stays readable, so the safe
    /// point stays below its start TS, unless it began more than `tidb_gc_max_wait_time` ago.
    private func heldForRunningTransactions(_ target: TSO, _ now: Int64) -> TSO {
        let maxWaitSeconds = self.cluster.globalValue("tidb_gc_max_wait_time").flatMap { Int64($0) } ?? 86_400
        let lowerLimit = TSO(physicalMilliseconds: max(0, now / 1000 - maxWaitSeconds * 1000))
        guard let oldest = self.cluster.storage.oldestActiveTransaction(above: lowerLimit.rawValue),
            oldest - 1 < target.rawValue
        else { return target }
        return TSO(rawValue: oldest - 1)
    }

    /// `loadBooleanWithDefault`: a missing row is written as `true`; anything but `true` is off.
    private func checkEnabled() -> Bool {
        let table = self.cluster.mysqlTiDB
        guard let value = table.value(MySQLTiDBRows.gcEnable.0), !value.isEmpty else {
            table.set(MySQLTiDBRows.gcEnable.0, "true", comment: MySQLTiDBRows.gcEnable.1)
            return true
        }
        return value.lowercased() == "true"
    }

    /// `loadDurationWithDefault` in nanoseconds: a missing row is written as `10m0s`; an
    /// unreadable one skips the run, as TiDB's error does.
    private func duration(_ row: (String, String)) -> Int64? {
        let table = self.cluster.mysqlTiDB
        guard let text = table.value(row.0), !text.isEmpty else {
            table.set(row.0, "10m0s", comment: row.1)
            return Self.minimumLifeTime
        }
        return GoDuration.parse(text)
    }
}
