import AsyncHTTPClient
public import ExternalStorage
public import Logging
import Synchronization

/// Opens any storage URL BR and TiCDC's redo log accept: `local://` and `file://` (and a bare
/// absolute path), `noop://`, and `s3://` with its query parameters (`endpoint`, `region`,
/// `access-key`, …). It lives here because `s3://` needs AsyncHTTPClient: mock-tidb's BACKUP and
/// RESTORE and mock-ticdc's redo log both open storage through it. The HTTP client is made on
/// first use of `s3://` (most processes never touch S3); `shutdown()` ends it.
public final class ExternalStorageOpener: Sendable {
    private let client = Mutex<HTTPClient?>(nil)
    private let environment: [String: String]
    private let logger: Logger

    public init(
        environment: [String: String] = S3Storage.processEnvironment(),
        logger: Logger = Logger(label: "mock-tidb.s3")
    ) {
        self.environment = environment
        self.logger = logger
    }

    /// Parses `text` (`StorageURL.parse`) and opens it.
    public func open(_ text: String) throws(ExternalStorageError) -> any ExternalStorage {
        try self.open(try StorageURL.parse(text))
    }

    public func open(_ url: StorageURL) throws(ExternalStorageError) -> any ExternalStorage {
        switch url.scheme {
        case "local", "file": return LocalStorage(url)
        case "noop": return NoopStorage(url)
        case "s3":
            let client = self.client.withLock { client in
                if let client { return client }
                let made = HTTPClient(
                    eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                    configuration: S3Storage.clientConfiguration
                )
                client = made
                return made
            }
            return try S3Storage(url: url, client: client, environment: self.environment, logger: self.logger)
        default:
            throw ExternalStorageError(.invalidURL, "storage \(url.scheme) not support yet")
        }
    }

    /// Shuts the HTTP client down, if one was made; storages opened before must not be used after.
    public func shutdown() async {
        guard
            let client = self.client.withLock({ client -> HTTPClient? in
                defer { client = nil }
                return client
            })
        else { return }
        try? await client.shutdown()
    }
}
