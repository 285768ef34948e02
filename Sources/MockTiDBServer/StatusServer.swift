import Hummingbird
import Logging
import NIOCore
import TiDBEngine

/// TiDB's HTTP status port; `GET /status` as TiDB answers it.
enum StatusServer {
    struct Status: ResponseEncodable {
        struct Details: Codable {
            var init_stats_percentage: Double
        }

        var connections: Int
        var version: String
        var git_hash: String
        var status: Details
    }

    static func makeApplication(
        instance: TiDBInstance,
        host: String,
        port: Int,
        logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("status") { _, _ in
            Status(
                connections: instance.connectionCount,
                version: instance.serverVersion,
                git_hash: instance.gitHash,
                status: .init(init_stats_percentage: 100)
            )
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}
