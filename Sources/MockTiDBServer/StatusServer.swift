import GoFormats
import Hummingbird
import Logging
import NIOCore
import TiDBEngine

/// TiDB's HTTP status port: `GET /status` as TiDB answers it, and under `/mock/v1/` the scenario
/// controls (`ScenarioRoutes`), which no real TiDB has, so a client of a real one cannot hit them.
enum StatusServer {
    /// TiDB's body, as Go marshals its struct (`GoJSONEncoder`: fields in declaration order).
    static func statusBody(instance: TiDBInstance) -> String {
        let status = Status(
            connections: instance.connectionCount,
            version: instance.serverVersion,
            gitHash: instance.gitHash,
            status: .init(initStatsPercentage: 100)
        )
        return (try? GoJSONEncoder().encode(status).compact) ?? "{}"
    }

    struct Status: Encodable {
        struct Details: Encodable {
            var initStatsPercentage: Int
            enum CodingKeys: String, CodingKey {
                case initStatsPercentage = "init_stats_percentage"
            }
        }
        var connections: Int
        var version: String
        var gitHash: String
        var status: Details
        enum CodingKeys: String, CodingKey {
            case connections
            case version
            case gitHash = "git_hash"
            case status
        }
    }

    static func makeApplication(
        instance: TiDBInstance,
        controls: ScenarioControls,
        host: String,
        port: Int,
        eventLoopGroup: (any EventLoopGroup)?,
        logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("status") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: statusBody(instance: instance)))
            )
        }
        ScenarioRoutes.add(to: router.group("mock/v1"), instance: instance, controls: controls)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            eventLoopGroupProvider: eventLoopGroup.map { .shared($0) } ?? .singleton,
            logger: logger
        )
    }
}
