public import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import PDAPI

/// What `tidb-dr autosync-status` reports: DR Auto-Sync's state as PD's
/// `/pd/api/v1/replication_mode/status` or the DR centre's `DR_STATE` file gives it, and what it
/// means for recovery (seed 000 §7): `sync`, `async_wait` and `async` leave the DR replicas
/// ACID-consistent; after `sync_recover` the data needs TiKV's ACID recovery first.
public struct AutoSyncStatus: Sendable, Codable, Equatable {
    public var source: String
    /// `majority` or `dr-auto-sync` (nil when read from `DR_STATE`, which only DR Auto-Sync writes).
    public var mode: String?
    public var state: String?
    public var stateID: UInt64?
    public var acidConsistent: Bool?
    /// PD's float32, as PD prints it.
    public var recoverProgress: Float?
    public var availableStores: [UInt64]?

    /// The documented exit code per state, for recovery scripts.
    public var exitCode: Int32 {
        if let mode, mode != "dr-auto-sync" { return 13 }
        switch self.state {
        case "sync": return 0
        case "async_wait": return 10
        case "async": return 11
        case "sync_recover": return 12
        default: return 1
        }
    }

    public var meaning: String {
        if let mode, mode != "dr-auto-sync" { return "the cluster is in \(mode) mode, not DR Auto-Sync" }
        switch self.state {
        case "sync":
            return
                "sync: every commit reached the DR centre; its replicas are ACID-consistent: recover with the disaster recovery script, no ACID recovery needed"
        case "async_wait":
            return
                "async_wait: the DR centre was being cut off; its replicas are ACID-consistent (PD acid_consistent): recover with the script; the RPO depends on when replication stopped"
        case "async":
            return
                "async: the DR centre was cut off and commits went on without it; its replicas are ACID-consistent but behind: recover with the script, data after the switch to async is lost"
        case "sync_recover":
            return
                "sync_recover: the DR centre was catching up; its replicas are NOT ACID-consistent: after the recovery script run ACID recovery (and only if pause-region-split stayed on since the last sync)"
        default:
            return "unknown state \(self.state ?? "none")"
        }
    }

    /// `GET <pd>/pd/api/v1/replication_mode/status`.
    public static func read(pd: String, http: HTTPClient) async throws(WorkflowFailure) -> AutoSyncStatus {
        let base = pd.contains("://") ? pd : "http://" + pd
        let url = base + "/pd/api/v1/replication_mode/status"
        let data: Data
        do {
            let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            guard response.status.code == 200 else {
                throw WorkflowFailure(code: "http-\(response.status.code)", message: "\(url): \(String(buffer: bytes))")
            }
            data = Data(bytes.readableBytesView)
        } catch let failure as WorkflowFailure {
            throw failure
        } catch {
            throw WorkflowFailure(code: "unreachable", message: "\(url): \(error)")
        }
        guard let body = try? JSONDecoder().decode(PDReplicationStatus.self, from: data) else {
            throw WorkflowFailure(
                code: "unexpected-answer",
                message: "\(url) answered \(String(decoding: data, as: UTF8.self))"
            )
        }
        let dr = body.mode == "dr-auto-sync" ? body.drAutoSync : nil
        return AutoSyncStatus(
            source: url,
            mode: body.mode,
            state: dr?.state,
            stateID: dr?.stateID,
            acidConsistent: dr?.acidConsistent,
            recoverProgress: dr?.recoverProgress
        )
    }

    /// PD's `DR_STATE` file, as the seed's `cat .../pd_data/DR_STATE` reads it.
    public static func read(file path: String) throws(WorkflowFailure) -> AutoSyncStatus {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkflowFailure(code: "unreadable", message: "cannot read \(path)")
        }
        guard let body = try? JSONDecoder().decode(PDDRState.self, from: data) else {
            throw WorkflowFailure(
                code: "unexpected-answer",
                message: "\(path) is not PD's DR_STATE: \(String(decoding: data, as: UTF8.self))"
            )
        }
        return AutoSyncStatus(
            source: path,
            state: body.state,
            stateID: body.stateID,
            acidConsistent: body.state != "sync_recover",
            availableStores: body.availableStores
        )
    }

    public var text: String {
        var lines = ["source: \(self.source)"]
        if let mode { lines.append("mode: \(mode)") }
        if let state { lines.append("state: \(state)" + (self.stateID.map { " (state_id \($0))" } ?? "")) }
        if let stores = self.availableStores {
            lines.append("available stores: " + stores.map(String.init).joined(separator: ", "))
        }
        if let progress = self.recoverProgress { lines.append("recover progress: \(progress)") }
        lines.append(self.meaning)
        return lines.joined(separator: "\n")
    }
}
