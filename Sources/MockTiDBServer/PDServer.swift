import ChangeStream
import FoundationEssentials
import GoFormats
import Hummingbird
import Logging
import NIOCore
import PDAPI
import TiDBEngine

#if canImport(Glibc)
import Glibc
#endif

/// The cluster's PD endpoint (`--pd-port`): the part of PD's HTTP API a DR operator and TiCDC read
/// (`/pd/api/v1/...`, docs/ticdc/pd-http.md), and, under `/mock/v1/`, what mock-ticdc needs from
/// the cluster in place of PD's gRPC and TiKV's change feed: TSOs, service safepoints with TTLs,
/// the metadata TiCDC keeps in PD's etcd, and the committed changes after any TS
/// (docs/ticdc/change-stream.md).
enum PDServer {
    struct Context: Sendable {
        var instance: TiDBInstance
        var release: String
        var host: String
        /// The PD port as bound, known only once the server listens.
        var port: @Sendable () -> Int
        /// Where `DR_STATE` goes (`--pd-data-dir`).
        var drState: DRStateFile?
    }

    static func makeApplication(
        context: Context,
        host: String,
        port: Int,
        eventLoopGroup: (any EventLoopGroup)?,
        logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        let router = Router()
        let api = router.group("pd/api/v1")
        api.get("version") { _, _ in
            try json(Version(version: context.release, buildTime: "", hash: "", branch: ""))
        }
        api.get("status") { _, _ in
            try json(
                Status(
                    buildTS: "None",
                    version: context.release,
                    gitHash: context.instance.gitHash,
                    startTimestamp: context.instance.startMicroseconds / 1_000_000
                )
            )
        }
        api.get("health") { _, _ in try json([Member(context).health]) }
        api.get("members") { _, _ in
            let member = Member(context)
            return try json(
                Members(
                    header: .init(clusterID: context.instance.cluster.clusterID),
                    members: [member],
                    leader: member,
                    etcdLeader: member
                )
            )
        }
        api.get("cluster") { _, _ in
            try json(ClusterInfo(id: context.instance.cluster.clusterID, maxPeerCount: 3))
        }
        api.get("gc/safepoint") { _, _ in try json(PDGCSafePoints(context.instance.cluster)) }
        api.delete("gc/safepoint/:service") { _, request in
            let service = request.parameters.get("service") ?? ""
            // PD's errors are bare JSON strings.
            guard service != GCWorker.serviceSafePointID else {
                return try json("cannot remove service safe point of gc_worker", status: .internalServerError)
            }
            context.instance.cluster.pd.removeServiceSafePoint(service: service)
            return try json("Delete service GC safepoint successfully.")
        }
        // The deprecated root alias of the health route, and PD's liveness probe.
        router.get("health") { _, _ in try json([Member(context).health]) }
        router.get("ping") { _, _ in Response(status: .ok) }
        MockRoutes.add(to: router.group("mock/v1"), context: context)
        ReplicationModeRoutes.add(to: api, mock: router.group("mock/v1"), context: context, states: context.drState)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            eventLoopGroupProvider: eventLoopGroup.map { .shared($0) } ?? .singleton,
            logger: logger
        )
    }

    /// As PD's renderer writes: fields in their struct's order (`GoJSONEncoder`), indented by two
    /// spaces, one trailing newline (docs/ticdc/pd-http.md §1).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let text = try GoJSONEncoder().encode(value).indented(by: "  ") + "\n"
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=UTF-8"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// `/mock/v1/` answers: compact, and through Foundation's encoder, which is faster on large
    /// change batches; their only reader is mock-ticdc, which does not care about key order.
    static func mockJSON(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value)))
        )
    }

    /// The directory of the running executable: PD's `deploy_path`.
    static let deployPath: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return "" }
        let path = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
    }()

    // MARK: PD's shapes

    struct Version: Encodable {
        var version: String
        var buildTime: String
        var hash: String
        var branch: String
        enum CodingKeys: String, CodingKey {
            case version
            case buildTime = "build_time"
            case hash
            case branch
        }
    }

    struct Status: Encodable {
        var buildTS: String
        var version: String
        var gitHash: String
        var startTimestamp: Int64
        enum CodingKeys: String, CodingKey {
            case buildTS = "build_ts"
            case version
            case gitHash = "git_hash"
            case startTimestamp = "start_timestamp"
        }
    }

    struct Member: Encodable {
        var name: String
        var memberID: UInt64
        var peerURLs: [String]
        var clientURLs: [String]
        var deployPath: String
        var binaryVersion: String
        var gitHash: String

        init(_ context: Context) {
            let url = "http://\(context.host):\(context.port())"
            self.name = "pd-\(context.host)-\(context.port())"
            // One member: its id derives from the cluster's, as stable as the cluster.
            self.memberID = context.instance.cluster.clusterID &* 0x9E37_79B9_7F4A_7C15 | 1
            self.peerURLs = [url]
            self.clientURLs = [url]
            self.deployPath = PDServer.deployPath
            self.binaryVersion = context.release
            self.gitHash = context.instance.gitHash
        }

        var health: Health {
            Health(name: self.name, memberID: self.memberID, clientURLs: self.clientURLs, health: true)
        }

        enum CodingKeys: String, CodingKey {
            case name
            case memberID = "member_id"
            case peerURLs = "peer_urls"
            case clientURLs = "client_urls"
            case deployPath = "deploy_path"
            case binaryVersion = "binary_version"
            case gitHash = "git_hash"
        }
    }

    struct Health: Encodable {
        var name: String
        var memberID: UInt64
        var clientURLs: [String]
        var health: Bool

        enum CodingKeys: String, CodingKey {
            case name
            case memberID = "member_id"
            case clientURLs = "client_urls"
            case health
        }
    }

    struct Members: Encodable {
        struct Header: Encodable {
            var clusterID: UInt64
            enum CodingKeys: String, CodingKey { case clusterID = "cluster_id" }
        }
        var header: Header
        var members: [Member]
        var leader: Member
        var etcdLeader: Member

        enum CodingKeys: String, CodingKey {
            case header, members, leader
            case etcdLeader = "etcd_leader"
        }
    }

    struct ClusterInfo: Encodable {
        var id: UInt64
        var maxPeerCount: Int
        enum CodingKeys: String, CodingKey {
            case id
            case maxPeerCount = "max_peer_count"
        }
    }

}

extension PDGCSafePoints {
    /// Every stored service safepoint, expired ones too (PD drops them only on an update), in
    /// service id order; the minimum over the live ones.
    init(_ cluster: Cluster) {
        let now = cluster.clock.microsecondsSinceEpoch()
        let services = cluster.pd.serviceSafePoints()
        let minimum = services.filter { $0.expiresAtMicroseconds > now }.map(\.safePoint.rawValue).min() ?? 0
        self.init(
            services: services.map {
                Service(
                    serviceID: $0.serviceID,
                    expiredAt: $0.expiresAtMicroseconds == .max ? .max : $0.expiresAtMicroseconds / 1_000_000,
                    safePoint: $0.safePoint.rawValue
                )
            },
            minimum: minimum == 0 ? nil : minimum,
            gcSafePoint: cluster.pd.gcSafePoint.rawValue
        )
    }
}
