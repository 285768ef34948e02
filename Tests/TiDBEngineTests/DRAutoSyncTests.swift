import Testing
import TiDBEngine

/// PD's DR Auto-Sync state machine walked through every transition with explicit times (µs),
/// as `tickUpdateState` makes them.
@Suite struct DRAutoSyncTests {
    static let second: Int64 = 1_000_000

    static func config(waitStore: Duration = .seconds(60), waitRecover: Duration = .zero) -> ReplicationModeConfig {
        var config = ReplicationModeConfig()
        config.mode = .drAutoSync
        config.drAutoSync.labelKey = "dc"
        config.drAutoSync.primary = "dc1"
        config.drAutoSync.dr = "dc2"
        config.drAutoSync.primaryReplicas = 2
        config.drAutoSync.drReplicas = 1
        config.drAutoSync.waitStoreTimeout = waitStore
        config.drAutoSync.waitRecoverTimeout = waitRecover
        return config
    }

    static func tick(_ machine: inout ReplicationModeMachine, now: Int64, totalRegions: Int) -> Bool {
        machine.tick(now: now, totalRegions: totalRegions)
    }

    static func cut(_ machine: inout ReplicationModeMachine, _ dc: String) -> [UInt64] {
        machine.setReachable(false, dc: dc, storeID: nil, now: 0)
    }

    static func update(_ machine: inout ReplicationModeMachine, _ config: ReplicationModeConfig) -> Bool {
        machine.updateConfig(config, now: 5)
    }

    @Test func walksEveryStateAndEachSwitchHasANewLargerID() {
        var machine = ReplicationModeMachine(config: Self.config(waitRecover: .seconds(30)))
        var ids: [UInt64] = []
        func expect(_ state: DRAutoSyncStatus.State, _ line: Int = #line) {
            #expect(machine.status?.state == state, "line \(line)")
            ids.append(machine.status?.stateID ?? 0)
        }
        expect(.sync)
        #expect(machine.stores.map(\.id) == [1, 2, 3])
        #expect(machine.stores.map { $0.label("dc") } == ["dc1", "dc1", "dc2"])

        // The DR centre is cut off: still sync until wait-store-timeout has passed.
        #expect(Self.cut(&machine, "dc2") == [3])
        #expect(!Self.tick(&machine, now: 59 * Self.second, totalRegions: 4))
        expect(.sync)
        #expect(Self.tick(&machine, now: 60 * Self.second, totalRegions: 4))
        expect(.asyncWait)
        #expect(machine.status?.availableStores == [1, 2])
        // The stores acknowledge on the next tick.
        #expect(Self.tick(&machine, now: 61 * Self.second, totalRegions: 4))
        expect(.async)
        #expect(machine.status?.asyncStart == 61 * Self.second)
        #expect(machine.status?.acidConsistent == true)

        // Back up: async lasts until wait-recover-timeout, then sync_recover with progress.
        _ = machine.setReachable(true, dc: "dc2", storeID: nil, now: 70 * Self.second)
        #expect(!Self.tick(&machine, now: 90 * Self.second, totalRegions: 4))
        #expect(Self.tick(&machine, now: 92 * Self.second, totalRegions: 4))
        expect(.syncRecover)
        #expect(machine.status?.recoverStart == 92 * Self.second)
        #expect(machine.status?.acidConsistent == false)
        #expect(!Self.tick(&machine, now: 93 * Self.second, totalRegions: 4))
        #expect(machine.status?.syncedRegions == 1 && machine.status?.totalRegions == 4)
        #expect(machine.status?.recoverProgress == 0.25)
        _ = machine.tick(now: 94 * Self.second, totalRegions: 4)
        _ = machine.tick(now: 95 * Self.second, totalRegions: 4)
        #expect(machine.status?.recoverProgress == 0.75)
        #expect(Self.tick(&machine, now: 96 * Self.second, totalRegions: 4))
        expect(.sync)
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(ids).count == 5)
    }

    @Test func aDRBackBeforeTheStoresAcknowledgedGoesStraightBackToSync() {
        var machine = ReplicationModeMachine(config: Self.config(waitStore: .seconds(1)))
        _ = machine.setReachable(false, dc: "dc2", storeID: nil, now: 0)
        _ = machine.tick(now: 1 * Self.second, totalRegions: 1)
        #expect(machine.status?.state == .asyncWait)
        _ = machine.setReachable(true, dc: "dc2", storeID: nil, now: Self.second)
        #expect(Self.tick(&machine, now: Self.second + 1, totalRegions: 1))
        #expect(machine.status?.state == .sync)
    }

    @Test func aPrimaryStoreLostInAsyncWaitRestartsTheWaitWithTheSmallerSet() {
        var machine = ReplicationModeMachine(config: Self.config(waitStore: .seconds(1)))
        _ = machine.setReachable(false, dc: "dc2", storeID: nil, now: 0)
        _ = machine.tick(now: Self.second, totalRegions: 1)
        let first = machine.status?.stateID
        _ = machine.setReachable(false, dc: nil, storeID: 2, now: Self.second)
        // Store 2 counts as down only a wait-store-timeout later; then a new async_wait.
        _ = machine.tick(now: 2 * Self.second, totalRegions: 1)
        #expect(machine.status?.state == .asyncWait)
        #expect(machine.status?.availableStores == [1])
        #expect(machine.status?.stateID != first)
    }

    @Test func withoutAMajorityTheClusterStaysInSync() {
        var machine = ReplicationModeMachine(config: Self.config(waitStore: .seconds(1)))
        _ = machine.setReachable(false, dc: "dc1", storeID: nil, now: 0)
        #expect(!Self.tick(&machine, now: 5 * Self.second, totalRegions: 1))
        #expect(machine.status?.state == .sync)
    }

    @Test func enablingFromMajorityStartsInSyncRecoverAndBadChangesAreRefused() throws {
        var machine = ReplicationModeMachine()
        #expect(machine.status == nil && machine.stores.count == 3)
        var patch = ReplicationModeConfig.Patch()
        patch.mode = "DR_AUTO_SYNC"
        let next = try machine.config.applying(patch)
        #expect(Self.update(&machine, next))
        #expect(machine.status?.state == .syncRecover && machine.config.mode == .drAutoSync)

        var bad = ReplicationModeConfig.Patch()
        bad.mode = "raft"
        #expect(throws: ReplicationModeConfig.Rejection(status: 500, message: "invalid replication mode: raft")) {
            try machine.config.applying(bad)
        }
        var badBool = ReplicationModeConfig.Patch()
        badBool.pauseRegionSplit = "yes"
        #expect(throws: ReplicationModeConfig.Rejection.self) { try machine.config.applying(badBool) }
        var badDuration = ReplicationModeConfig.Patch()
        badDuration.waitStoreTimeout = "soon"
        #expect(throws: ReplicationModeConfig.Rejection(status: 400, message: "time: invalid duration \"soon\"")) {
            try machine.config.applying(badDuration)
        }
    }

    @Test func theDRLostAgainInSyncRecoverAndAPrimaryStoreLostInAsyncSwitchToANewAsync() {
        var machine = ReplicationModeMachine(config: Self.config(waitStore: .seconds(1)))
        _ = Self.cut(&machine, "dc2")
        _ = Self.tick(&machine, now: Self.second, totalRegions: 8)
        _ = Self.tick(&machine, now: Self.second + 1, totalRegions: 8)
        #expect(machine.status?.state == .async)
        let asyncID = machine.status?.stateID ?? 0

        // A primary store lost in async: a new async with the smaller set, once acknowledged.
        _ = machine.setReachable(false, dc: nil, storeID: 2, now: 2 * Self.second)
        #expect(Self.tick(&machine, now: 3 * Self.second, totalRegions: 8))
        #expect(machine.status?.state == .async && machine.status?.availableStores == [1])
        #expect((machine.status?.stateID ?? 0) > asyncID)

        // Everything back: sync_recover; the DR lost again before it recovered: async.
        _ = machine.setReachable(true, dc: nil, storeID: 2, now: 4 * Self.second)
        _ = machine.setReachable(true, dc: "dc2", storeID: nil, now: 4 * Self.second)
        #expect(Self.tick(&machine, now: 4 * Self.second + 1, totalRegions: 8))
        #expect(machine.status?.state == .syncRecover)
        _ = Self.tick(&machine, now: 4 * Self.second + 2, totalRegions: 8)
        #expect(machine.status?.syncedRegions == 2)
        _ = machine.setReachable(false, dc: "dc2", storeID: nil, now: 5 * Self.second)
        #expect(!Self.tick(&machine, now: 5 * Self.second + 1, totalRegions: 8))
        #expect(Self.tick(&machine, now: 6 * Self.second, totalRegions: 8))
        #expect(machine.status?.state == .async && machine.status?.availableStores == [1, 2])
    }
}
