import FoundationEssentials
import GoFormats
import Hummingbird
import NIOCore
import PDAPI
import TiDBEngine

/// PD's replication mode on the PD port (docs/tidb/dr-auto-sync.md): the config as `pd-ctl config
/// show|set replication-mode` reads and writes it, the DR Auto-Sync status, the virtual stores,
/// and the mock-only partition of a data centre.
enum ReplicationModeRoutes {
    static func add(
        to api: RouterGroup<BasicRequestContext>,
        mock: RouterGroup<BasicRequestContext>,
        context: PDServer.Context,
        states: DRStateFile?
    ) {
        let cluster = context.instance.cluster
        let mode = cluster.pd.replicationMode
        api.get("config/replication-mode") { _, _ in try PDServer.json(ConfigBody(mode.current.config)) }
        api.post("config/replication-mode") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            let outcome: Result<Void, ReplicationModeConfig.Rejection>
            do throws(ReplicationModeConfig.Rejection) {
                let patch = try Self.patch(Data(buffer: body))
                let (machine, switched) = try mode.update(patch, now: cluster.clock.microsecondsSinceEpoch())
                if switched { states?.write(machine) }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success: return try PDServer.json("The replication mode config is updated.")
            case .failure(let error): return try PDServer.json(error.message, status: .init(code: error.status))
            }
        }
        api.get("replication_mode/status") { _, _ in try PDServer.json(PDReplicationStatus(mode.current)) }
        api.get("stores") { _, _ in
            let stores = mode.current.stores
            let now = cluster.clock.microsecondsSinceEpoch()
            return try PDServer.json(
                StoresBody(count: stores.count, stores: stores.map { .init($0, release: context.release, now: now) })
            )
        }
        for (path, reachable) in [("stores/down", false), ("stores/up", true)] {
            mock.post(RouterPath(path)) { request, _ in
                let dc: String? = request.uri.queryParameters.get("dc").map { String($0) }
                let store = request.uri.queryParameters.get("store").flatMap { UInt64($0) }
                guard (dc == nil) != (store == nil) else {
                    return try PDServer.json(
                        "give exactly one of ?dc=<label value> and ?store=<id>",
                        status: .badRequest
                    )
                }
                let changed = mode.setReachable(
                    reachable,
                    dc: dc,
                    storeID: store,
                    now: cluster.clock.microsecondsSinceEpoch()
                )
                return try PDServer.json(Changed(changed: changed))
            }
        }
    }

    /// The body of `POST /pd/api/v1/config/replication-mode` as PD's Go decoder reads it into the
    /// current config: unknown keys ignored, a wrong type or malformed JSON a 400.
    static func patch(_ data: Data) throws(ReplicationModeConfig.Rejection) -> ReplicationModeConfig.Patch {
        do {
            return try JSONDecoder().decode(ConfigBody.self, from: data).patch
        } catch let DecodingError.typeMismatch(type, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw .init(
                status: 400,
                message:
                    "json: cannot unmarshal into Go struct field ReplicationModeConfig.\(field) of type \(type == Int.self ? "int" : "string")"
            )
        } catch {
            throw .init(status: 400, message: "invalid character in JSON body: \(error)")
        }
    }

    struct Changed: Encodable {
        var changed: [UInt64]
    }

    // MARK: PD's shapes

    /// `config.ReplicationModeConfig`: all fields when PD shows it, those present when a client
    /// posts a change (PD decodes the body into the current config).
    struct ConfigBody: Codable {
        struct DR: Codable {
            var labelKey: String?
            var primary: String?
            var dr: String?
            var primaryReplicas: Int?
            var drReplicas: Int?
            var waitStoreTimeout: String?
            var waitRecoverTimeout: String?
            var pauseRegionSplit: String?

            enum CodingKeys: String, CodingKey {
                case labelKey = "label-key"
                case primary
                case dr
                case primaryReplicas = "primary-replicas"
                case drReplicas = "dr-replicas"
                case waitStoreTimeout = "wait-store-timeout"
                case waitRecoverTimeout = "wait-recover-timeout"
                case pauseRegionSplit = "pause-region-split"
            }
        }

        var replicationMode: String?
        var drAutoSync: DR?

        enum CodingKeys: String, CodingKey {
            case replicationMode = "replication-mode"
            case drAutoSync = "dr-auto-sync"
        }

        init(_ config: ReplicationModeConfig) {
            let dr = config.drAutoSync
            self.replicationMode = config.mode.rawValue
            self.drAutoSync = DR(
                labelKey: dr.labelKey,
                primary: dr.primary,
                dr: dr.dr,
                primaryReplicas: dr.primaryReplicas,
                drReplicas: dr.drReplicas,
                waitStoreTimeout: GoDuration.format(DRStateFile.nanoseconds(dr.waitStoreTimeout)),
                waitRecoverTimeout: GoDuration.format(DRStateFile.nanoseconds(dr.waitRecoverTimeout)),
                pauseRegionSplit: dr.pauseRegionSplit ? "true" : "false"
            )
        }

        /// The change a posted body asks for.
        var patch: ReplicationModeConfig.Patch {
            var patch = ReplicationModeConfig.Patch()
            patch.mode = self.replicationMode
            patch.labelKey = self.drAutoSync?.labelKey
            patch.primary = self.drAutoSync?.primary
            patch.dr = self.drAutoSync?.dr
            patch.primaryReplicas = self.drAutoSync?.primaryReplicas
            patch.drReplicas = self.drAutoSync?.drReplicas
            patch.waitStoreTimeout = self.drAutoSync?.waitStoreTimeout
            patch.waitRecoverTimeout = self.drAutoSync?.waitRecoverTimeout
            patch.pauseRegionSplit = self.drAutoSync?.pauseRegionSplit
            return patch
        }
    }

    /// `GET /pd/api/v1/stores`: `StoresInfo` with each virtual store's meta and a status.
    struct StoresBody: Encodable {
        struct Item: Encodable {
            struct Meta: Encodable {
                struct Label: Encodable {
                    var key: String
                    var value: String
                }

                var id: UInt64
                var address: String
                var labels: [Label]?
                var version: String
                var stateName: String

                enum CodingKeys: String, CodingKey {
                    case id
                    case address
                    case labels
                    case version
                    case stateName = "state_name"
                }
            }

            struct Status: Encodable {
                var capacity = "100GiB"
                var available = "100GiB"
                var regionCount = 0
                var lastHeartbeatTS: String

                enum CodingKeys: String, CodingKey {
                    case capacity
                    case available
                    case regionCount = "region_count"
                    case lastHeartbeatTS = "last_heartbeat_ts"
                }
            }

            var store: Meta
            var status: Status

            init(_ store: VirtualStore, release: String, now: Int64) {
                // PD: `Disconnected` after 20 s without heartbeat, `Down` after max-store-down-time
                // (30m); the mock reports `Disconnected` as soon as the store is cut off.
                let state =
                    switch store.unreachableSince {
                    case nil: "Up"
                    case let since? where now - since >= 1_800_000_000: "Down"
                    default: "Disconnected"
                    }
                self.store = Meta(
                    id: store.id,
                    address: store.address,
                    labels: store.labels.isEmpty ? nil : store.labels.map { .init(key: $0.key, value: $0.value) },
                    version: release.hasPrefix("v") ? String(release.dropFirst()) : release,
                    stateName: state
                )
                self.status = Status(lastHeartbeatTS: DRStateFile.rfc3339(microseconds: store.unreachableSince ?? now))
            }
        }

        var count: Int
        var stores: [Item]
    }
}

extension PDReplicationStatus {
    init(_ machine: ReplicationModeMachine) {
        self.init(mode: machine.config.mode.rawValue)
        guard machine.config.mode == .drAutoSync, let status = machine.status else { return }
        self.drAutoSync = DRAutoSync(
            labelKey: machine.config.drAutoSync.labelKey,
            state: status.state.rawValue,
            stateID: status.stateID == 0 ? nil : status.stateID,
            acidConsistent: status.acidConsistent,
            totalRegions: status.totalRegions == 0 ? nil : status.totalRegions,
            syncedRegions: status.syncedRegions == 0 ? nil : status.syncedRegions,
            recoverProgress: status.recoverProgress == 0 ? nil : status.recoverProgress
        )
    }
}
