import MySQLTypes
import Testing

@testable import TiDBEngine

/// A cluster whose GC worker a test ticks by hand: table `t (id INT PRIMARY KEY, v INT)`, a
/// session, and the wall clock, set in minutes after the instance started (its first GC tick
/// ran then, with the safe point at minute −10).
struct GCFixture {
    let engine = EngineFixture()
    let session: Session
    let start: Int64

    init() throws {
        self.session = try self.engine.session(database: "test")
        self.start = self.engine.instance.startMicroseconds
        self.session.run("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
    }

    var cluster: Cluster { self.engine.cluster }

    func setMinute(_ minute: Int64) {
        self.engine.clock.set(microsecondsSinceEpoch: self.micros(minute))
    }

    func micros(_ minute: Int64) -> Int64 { self.start + minute * 60_000_000 }

    /// The TSO GC aims for at `minute` with a 10-minute life time.
    func target(atMinute minute: Int64) -> TSO { TSO(physicalMilliseconds: self.micros(minute - 10) / 1000) }

    /// Writes `v` for row 1 at `minute`; returns the commit's TSO (a TSO read right after it).
    @discardableResult
    func write(_ v: Int, atMinute minute: Int64) -> TSO {
        self.setMinute(minute)
        self.session.run("INSERT INTO t VALUES (1, \(v)) ON DUPLICATE KEY UPDATE v = \(v)")
        return self.cluster.pd.oracle.next()
    }

    /// The `v` of every version of row 1 kept in storage, oldest first.
    func versions() throws -> [Int64?] {
        let table = try #require(self.cluster.storage.table("test", "t"))
        let handle = KeyEncoding.encode([.int(1)], types: [table.columns[0].type])
        return self.cluster.storage.versions(tableID: table.id, handle: handle).map { version in
            guard case .int(let v) = version.values?[1] else { return nil }
            return v
        }
    }

    func tick() -> GCWorker.Run? { self.engine.instance.gcWorker.tick() }

    func row(_ name: String) -> String? { self.cluster.mysqlTiDB.value(name) }
}

@Suite struct GCTests {
    @Test func gcOnDropsVersionsBelowTheSafePointThenRefusesOlderSnapshots() throws {
        let fixture = try GCFixture()
        fixture.write(10, atMinute: 1)
        let afterFirst = fixture.cluster.pd.oracle.next()
        fixture.write(20, atMinute: 2)
        fixture.write(30, atMinute: 3)
        fixture.write(40, atMinute: 15)
        #expect(try fixture.versions() == [10, 20, 30, 40])

        fixture.setMinute(20)
        let run = try #require(fixture.tick())
        #expect(run.safePoint == fixture.target(atMinute: 20))
        #expect(run.droppedVersions == 2)
        #expect(fixture.cluster.pd.gcSafePoint == run.safePoint)
        // The newest version at or before the safe point stays: reads at the safe point see it.
        #expect(try fixture.versions() == [30, 40])
        let reader = try fixture.engine.session(database: "test")
        reader.run("SET tidb_snapshot = '\(run.safePoint.rawValue)'")
        #expect(try reader.scalar("SELECT v FROM t WHERE id = 1") == "30")

        let refused = fixture.session.failure("SET tidb_snapshot = '\(afterFirst.rawValue)'")
        #expect(refused?.code == 8055)
        #expect(
            refused?.message
                == "snapshot is older than GC safe point \(GCTimeFormat.goTimeString(fixture.micros(10)))"
        )

        #expect(fixture.row("tikv_gc_safe_point") == GCTimeFormat.format(fixture.micros(10)))
        #expect(fixture.row("tikv_gc_last_run_time") == GCTimeFormat.format(fixture.micros(20)))
        #expect(fixture.row("tikv_gc_leader_lease") == GCTimeFormat.format(fixture.micros(22)))
        #expect(fixture.row("tikv_gc_leader_uuid") == fixture.engine.instance.gcWorker.uuid)
        let status = try fixture.session.query("SHOW STATUS LIKE 'tidb_gc_safe_point'")
        #expect(status.rows.first?[1].text == GCTimeFormat.format(fixture.micros(10)))
    }

    @Test func gcOffKeepsEveryVersionAndTheSafePoint() throws {
        let fixture = try GCFixture()
        let safePoint = fixture.cluster.pd.gcSafePoint
        let rows = (fixture.row("tikv_gc_safe_point"), fixture.row("tikv_gc_last_run_time"))
        fixture.session.run("SET GLOBAL tidb_gc_enable = OFF")
        fixture.write(1, atMinute: 1)
        fixture.write(2, atMinute: 2)
        fixture.write(3, atMinute: 3)

        fixture.setMinute(60)
        #expect(fixture.tick() == nil)
        #expect(try fixture.versions() == [1, 2, 3])
        #expect(fixture.cluster.pd.gcSafePoint == safePoint)
        #expect((fixture.row("tikv_gc_safe_point"), fixture.row("tikv_gc_last_run_time")) == rows)
        // The worker still leads: TiDB renews the lease on every tick.
        #expect(fixture.row("tikv_gc_leader_lease") == GCTimeFormat.format(fixture.micros(62)))

        fixture.session.run("SET GLOBAL tidb_gc_enable = ON")
        fixture.setMinute(61)
        #expect(fixture.tick()?.safePoint == fixture.target(atMinute: 61))
        #expect(try fixture.versions() == [3])
    }

    @Test func aRunningTransactionHoldsTheSafePointBelowItsStart() throws {
        let fixture = try GCFixture()
        fixture.write(1, atMinute: 1)
        fixture.write(2, atMinute: 2)
        let reader = try fixture.engine.session(database: "test")
        fixture.setMinute(3)
        reader.run("BEGIN")
        let startTS = try #require(try reader.scalar("SELECT @@tidb_current_ts").flatMap(UInt64.init))
        fixture.write(3, atMinute: 4)

        fixture.setMinute(20)
        let held = try #require(fixture.tick())
        #expect(held.safePoint == TSO(rawValue: startTS - 1))
        #expect(try fixture.versions() == [2, 3])
        #expect(try reader.scalar("SELECT v FROM t WHERE id = 1") == "2")
        #expect(fixture.row("tikv_gc_safe_point") == GCTimeFormat.format(TSO(rawValue: startTS).physical * 1000))

        reader.run("ROLLBACK")
        fixture.setMinute(30)
        #expect(fixture.tick()?.safePoint == fixture.target(atMinute: 30))
        #expect(try fixture.versions() == [3])
    }

    @Test func aTransactionOlderThanTheMaxWaitTimeNoLongerHoldsGC() throws {
        let fixture = try GCFixture()
        fixture.session.run("SET GLOBAL tidb_gc_max_wait_time = 600")
        let reader = try fixture.engine.session(database: "test")
        fixture.setMinute(1)
        reader.run("BEGIN")
        _ = try reader.scalar("SELECT @@tidb_current_ts")
        fixture.setMinute(20)
        #expect(fixture.tick()?.safePoint == fixture.target(atMinute: 20))
    }

    @Test func aServiceSafePointHoldsTheSafePointUntilItExpires() throws {
        let fixture = try GCFixture()
        fixture.write(1, atMinute: 1)
        fixture.write(2, atMinute: 2)
        let backupTS = fixture.write(3, atMinute: 3)
        fixture.write(4, atMinute: 4)
        fixture.cluster.pd.updateServiceSafePoint(
            service: "br-test",
            safePoint: backupTS,
            expiresAtMicroseconds: fixture.micros(25)
        )

        fixture.setMinute(20)
        #expect(fixture.tick()?.safePoint == backupTS)
        #expect(try fixture.versions() == [3, 4])
        // The worker's own service safepoint is its target, as TiDB registers `gc_worker`.
        #expect(fixture.cluster.pd.minimumServiceSafePoint(nowMicroseconds: fixture.micros(20)) == backupTS)

        fixture.setMinute(30)
        #expect(fixture.tick()?.safePoint == fixture.target(atMinute: 30))
        #expect(try fixture.versions() == [4])
    }

    @Test func runsOnlyEveryRunIntervalAndNeverMovesTheSafePointBack() throws {
        let fixture = try GCFixture()
        fixture.setMinute(9)
        #expect(fixture.tick() == nil)  // 10 minutes have not passed since the start's run
        fixture.setMinute(10)
        #expect(fixture.tick()?.safePoint == fixture.target(atMinute: 10))

        // A longer life time puts the target behind the last safe point: no run, nothing recorded.
        fixture.session.run("SET GLOBAL tidb_gc_life_time = '30m'")
        fixture.setMinute(25)
        #expect(fixture.tick() == nil)
        #expect(fixture.row("tikv_gc_last_run_time") == GCTimeFormat.format(fixture.micros(10)))
        #expect(fixture.cluster.pd.gcSafePoint == fixture.target(atMinute: 10))
        fixture.setMinute(31)
        #expect(fixture.tick()?.safePoint == TSO(physicalMilliseconds: fixture.micros(1) / 1000))
    }

    @Test func lifeTimeAndRunIntervalKeepTiDBsTenMinuteMinimum() throws {
        let fixture = try GCFixture()
        for name in ["tidb_gc_life_time", "tidb_gc_run_interval"] {
            let outcome = fixture.session.execute("SET GLOBAL \(name) = '1m'", multiStatementsAllowed: false)
            #expect(outcome.outcomes.last?.error == nil)
            #expect(fixture.session.warnings.map(\.error.code) == [1292])
            #expect(try fixture.session.scalar("SELECT @@global.\(name)") == "10m0s")
        }
        // A row written below the minimum (by hand) is raised back to it by the next run.
        fixture.cluster.mysqlTiDB.update("tikv_gc_life_time", "1m0s", commentIfNew: "")
        fixture.setMinute(10)
        #expect(fixture.tick()?.safePoint == fixture.target(atMinute: 10))
        #expect(fixture.row("tikv_gc_life_time") == "10m0s")
    }

    @Test func anotherInstanceTakesOverWhenTheLeaderLeaseLapses() throws {
        let fixture = try GCFixture()
        let leader = fixture.engine.instance.gcWorker
        let second = TiDBInstance(cluster: fixture.cluster).gcWorker
        #expect(fixture.row("tikv_gc_leader_uuid") == leader.uuid)

        fixture.setMinute(1)
        #expect(leader.tick() == nil)  // renews the lease to minute 3; GC is not due
        fixture.setMinute(2)
        #expect(second.tick() == nil)
        #expect(fixture.row("tikv_gc_leader_uuid") == leader.uuid)

        fixture.setMinute(4)  // the leader stopped ticking: its lease lapsed at minute 3
        #expect(second.tick() == nil)
        #expect(fixture.row("tikv_gc_leader_uuid") == second.uuid)
        #expect(fixture.row("tikv_gc_leader_lease") == GCTimeFormat.format(fixture.micros(6)))
        fixture.setMinute(5)
        #expect(leader.tick() == nil)
        #expect(fixture.row("tikv_gc_leader_uuid") == second.uuid)

        fixture.setMinute(10)  // the leader's uuid row is the lease's owner, even after a lapse
        #expect(second.tick()?.safePoint == fixture.target(atMinute: 10))
        #expect(leader.tick() == nil)
    }
}
