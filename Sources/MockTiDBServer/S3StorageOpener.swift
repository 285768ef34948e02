import AsyncHTTPClient
import S3Storage
import Synchronization
import TiDBEngine

/// Opens `s3://` destinations for the engine's BACKUP and RESTORE. The HTTP client is made on
/// first use (most servers never touch S3) and shut down with the server.
final class S3StorageOpener: Sendable {
    private let client = Mutex<HTTPClient?>(nil)

    func open(_ url: StorageURL) throws(ExternalStorageError) -> (any ExternalStorage)? {
        guard url.scheme == "s3" else { return nil }
        let client = self.client.withLock { client in
            if let client { return client }
            let made = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                configuration: S3Storage.clientConfiguration
            )
            client = made
            return made
        }
        return try S3Storage(url: url, client: client)
    }

    func shutdown() async {
        guard
            let client = self.client.withLock({ client -> HTTPClient? in
                defer { client = nil }
                return client
            })
        else { return }
        try? await client.shutdown()
    }
}
