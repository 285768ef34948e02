import Foundation
import Logging
import Testing
import TiDBEngine

@testable import MockTiDBServer

/// `DR_STATE` after each switch of DR Auto-Sync, as PD's `tickReplicateStatus` writes it: the
/// state, its id, `recover_start` in `sync_recover`, `available_stores` in `async_wait`/`async`.
@Suite struct DRStateFileTests {
    @Test func eachSwitchWritesTheStateAndOnlyTheFieldsPDCopies() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dr-state-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = DRStateFile(directory: directory, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        func written() throws -> String { try String(contentsOfFile: directory + "/DR_STATE", encoding: .utf8) }

        var config = ReplicationModeConfig()
        config.mode = .drAutoSync
        config.drAutoSync.labelKey = "dc"
        config.drAutoSync.primary = "dc1"
        config.drAutoSync.dr = "dc2"
        config.drAutoSync.primaryReplicas = 2
        config.drAutoSync.drReplicas = 1
        config.drAutoSync.waitStoreTimeout = .seconds(1)
        var machine = ReplicationModeMachine(config: config)
        let second: Int64 = 1_000_000
        var expected: [String] = []
        var seen: [String] = []
        func record(_ line: String) throws {
            file.write(machine)
            expected.append(line)
            seen.append(try written())
        }

        try record(#"{"state":"sync","state_id":1001}"#)
        _ = machine.setReachable(false, dc: "dc2", storeID: nil, now: 0)
        _ = machine.tick(now: second, totalRegions: 2)
        try record(#"{"state":"async_wait","state_id":1002,"available_stores":[1,2]}"#)
        _ = machine.tick(now: second + 1, totalRegions: 2)
        try record(#"{"state":"async","state_id":1003,"available_stores":[1,2]}"#)
        _ = machine.setReachable(true, dc: "dc2", storeID: nil, now: 2 * second)
        _ = machine.tick(now: 1_765_065_600 * second + 250_000, totalRegions: 2)
        try record(#"{"state":"sync_recover","state_id":1004,"recover_start":"2025-12-07T00:00:00.25Z"}"#)
        _ = machine.tick(now: 1_765_065_601 * second, totalRegions: 2)
        _ = machine.tick(now: 1_765_065_602 * second, totalRegions: 2)
        try record(#"{"state":"sync","state_id":1005}"#)
        #expect(seen == expected)
        #expect(!FileManager.default.fileExists(atPath: directory + "/DR_STATE.tmp"))
    }
}
