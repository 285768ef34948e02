import Hummingbird
import Logging
import NIOCore
import TiDBEngine

/// TiDB's HTTP status port; `GET /status` as TiDB answers it.
enum StatusServer {
    /// TiDB's body, keys in TiDB's order (Go marshals struct fields in declaration order).
    static func statusBody(instance: TiDBInstance) -> String {
        "{\"connections\":\(instance.connectionCount),\"version\":\(jsonString(instance.serverVersion)),"
            + "\"git_hash\":\(jsonString(instance.gitHash)),\"status\":{\"init_stats_percentage\":100}}"
    }

    static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case _ where scalar.value < 0x20: escaped += "\\u00" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    static func makeApplication(
        instance: TiDBInstance,
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
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            eventLoopGroupProvider: eventLoopGroup.map { .shared($0) } ?? .singleton,
            logger: logger
        )
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        self.count >= width ? self : String(repeating: "0", count: width - self.count) + self
    }
}
