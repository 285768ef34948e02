public import AsyncHTTPClient
public import ExternalStorage
public import Logging
public import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// BR's `s3://bucket/prefix` storage over S3's REST API: files are objects keyed
/// `<prefix>/<name>`, requests signed with SigV4. Works with AWS and S3-compatible servers
/// (MinIO, Ceph, moto) through `endpoint=`.
public struct S3Storage: ExternalStorage {
    public static let connectTimeout = TimeAmount.seconds(5)
    public static let requestTimeout = TimeAmount.seconds(30)
    /// S3's limit for one PUT, so no object this storage wrote is larger.
    static let maximumObjectSize = 5 << 30

    /// The client settings BR's own S3 client has in spirit: a short connect timeout so an
    /// unreachable endpoint fails fast, and no redirects, which would carry the signed
    /// `Authorization` header to another host.
    public static var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.connectTimeout, read: Self.requestTimeout)
        )
        configuration.httpVersion = .http1Only
        return configuration
    }

    public let redactedURL: String
    public let bucket: String
    /// The key prefix, without leading or trailing `/`; empty for the bucket's root.
    public let prefix: String
    let endpoint: S3Endpoint
    let signer: S3Signer
    private let client: HTTPClient
    /// Unix time in seconds, for the signature's date (injected by tests).
    private let secondsSinceEpoch: @Sendable () -> Int64
    private let logger: Logger

    /// Credentials come from the URL (`access-key`, `secret-access-key`, `session-token`), else
    /// from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` in
    /// `environment`, as BR falls back to the AWS default chain. `provider=` changes nothing
    /// here: BR uses it for quirks of other vendors that the requests below do not meet.
    public init(
        url: StorageURL,
        client: HTTPClient,
        secondsSinceEpoch: @escaping @Sendable () -> Int64 = { S3Storage.systemSecondsSinceEpoch() },
        environment: [String: String] = S3Storage.processEnvironment(),
        logger: Logger = Logger(label: "mock-tidb.s3")
    ) throws(ExternalStorageError) {
        guard url.scheme == "s3" else {
            throw ExternalStorageError(.invalidURL, "storage \(url.scheme) is not s3")
        }
        let region = url.parameter("region").flatMap { $0.isEmpty ? nil : $0 } ?? "us-east-1"
        let accessKey = url.parameter("access-key") ?? environment["AWS_ACCESS_KEY_ID"]
        let secretKey = url.parameter("secret-access-key") ?? environment["AWS_SECRET_ACCESS_KEY"]
        let sessionToken = url.parameter("session-token") ?? environment["AWS_SESSION_TOKEN"]
        guard let accessKey, !accessKey.isEmpty, let secretKey, !secretKey.isEmpty else {
            throw ExternalStorageError(
                .invalidURL,
                "no credentials for s3://\(url.host): give access-key and secret-access-key, "
                    + "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            )
        }
        self.redactedURL = url.redacted
        self.bucket = url.host
        self.prefix = url.path
        self.endpoint = try S3Endpoint(url: url, region: region)
        self.signer = S3Signer(
            credentials: .init(
                accessKeyID: accessKey,
                secretAccessKey: secretKey,
                sessionToken: sessionToken.flatMap { $0.isEmpty ? nil : $0 }
            ),
            region: region
        )
        self.client = client
        self.secondsSinceEpoch = secondsSinceEpoch
        self.logger = logger
    }

    public static func systemSecondsSinceEpoch() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec)
    }

    public static func processEnvironment() -> [String: String] {
        var environment: [String: String] = [:]
        for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return environment
    }

    /// The object key of a file: `<prefix>/<name>`.
    public func key(_ name: String) -> String {
        var name = Substring(name)
        while name.first == "/" { name = name.dropFirst() }
        return self.prefix.isEmpty ? String(name) : "\(self.prefix)/\(name)"
    }

    public func read(_ name: String) async throws(ExternalStorageError) -> [UInt8] {
        let key = self.key(name)
        let response = try await self.send(.GET, key: key)
        guard response.isSuccess else { throw response.error(bucket: self.bucket, key: key) }
        return response.body
    }

    public func exists(_ name: String) async throws(ExternalStorageError) -> Bool {
        let key = self.key(name)
        let response = try await self.send(.HEAD, key: key)
        if response.isSuccess { return true }
        guard response.status == 404 else { throw response.error(bucket: self.bucket, key: key) }
        // A HEAD answer has no body to tell a missing key from a missing bucket; ask the bucket.
        let bucket = try await self.send(.HEAD, key: nil)
        guard bucket.isSuccess else { throw bucket.error(bucket: self.bucket, key: nil) }
        return false
    }

    public func write(_ name: String, _ bytes: [UInt8]) async throws(ExternalStorageError) {
        let key = self.key(name)
        let response = try await self.send(.PUT, key: key, body: bytes)
        guard response.isSuccess else { throw response.error(bucket: self.bucket, key: key) }
    }

    public func delete(_ name: String) async throws(ExternalStorageError) {
        let key = self.key(name)
        let response = try await self.send(.DELETE, key: key)
        // S3 answers 204 for a missing key too; NoSuchKey is accepted all the same.
        guard response.isSuccess || response.code == "NoSuchKey" else {
            throw response.error(bucket: self.bucket, key: key)
        }
    }

    /// ListObjectsV2 under `<prefix>/<name prefix>`, page by page (S3 returns up to 1,000 keys
    /// per answer), in S3's order, which is the keys' UTF-8 byte order.
    public func list(prefix: String) async throws(ExternalStorageError) -> [String] {
        let root = self.prefix.isEmpty ? "" : self.prefix + "/"
        var keyPrefix = Substring(prefix)
        while keyPrefix.first == "/" { keyPrefix = keyPrefix.dropFirst() }
        var names: [String] = []
        var continuation: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", root + keyPrefix)]
            if let continuation { query.append(("continuation-token", continuation)) }
            let response = try await self.send(.GET, key: nil, query: query)
            guard response.isSuccess else { throw response.error(bucket: self.bucket, key: nil) }
            let page = S3ListResponse(response.body)
            names += page.keys.compactMap { $0.hasPrefix(root) ? String($0.dropFirst(root.count)) : nil }
            continuation = page.isTruncated ? page.nextContinuationToken : nil
        } while continuation != nil
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Creates the bucket (in the URL's region); one that already exists and is ours is fine.
    /// BR never creates buckets: this is for tests and for setting up an S3-compatible server.
    public func createBucket() async throws(ExternalStorageError) {
        var body: [UInt8] = []
        // us-east-1 is the default location and must not be named.
        if self.signer.region != "us-east-1" {
            body = Array(
                ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(self.signer.region)</LocationConstraint></CreateBucketConfiguration>").utf8
            )
        }
        let response = try await self.send(.PUT, key: nil, body: body)
        guard response.isSuccess || response.code == "BucketAlreadyOwnedByYou" else {
            throw response.error(bucket: self.bucket, key: nil)
        }
    }

    // MARK: Requests

    enum Method: String {
        case GET
        case HEAD
        case PUT
        case DELETE
    }

    struct Response {
        var status: UInt
        var body: [UInt8]

        var isSuccess: Bool { (200..<300).contains(self.status) }
        var code: String? { S3ErrorResponse.code(in: self.body) }

        func error(bucket: String, key: String?) -> ExternalStorageError {
            S3ErrorResponse.error(status: self.status, code: self.code, bucket: bucket, key: key)
        }
    }

    private func send(
        _ method: Method,
        key: String?,
        query: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) async throws(ExternalStorageError)
        -> Response
    {
        let address = self.endpoint.address(bucket: self.bucket, key: key)
        let now = SigningDate(secondsSinceEpoch: self.secondsSinceEpoch())
        let signature = self.signer.sign(
            .init(
                method: method.rawValue,
                path: address.path,
                query: query,
                headers: [("host", address.host)],
                payloadHash: S3Signer.sha256Hex(body)
            ),
            at: now
        )
        var request = HTTPClientRequest(
            url: query.isEmpty ? address.url : address.url + "?" + S3Signer.canonicalQuery(query)
        )
        request.method = .init(rawValue: method.rawValue)
        // Sent as signed: the client would add the same Host, but the signature must not depend
        // on that.
        request.headers.add(name: "Host", value: address.host)
        for (name, value) in signature.headers { request.headers.add(name: name, value: value) }
        // An empty PUT goes without a body: AHC frames it with `Content-Length: 0` either way.
        if !body.isEmpty { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await self.client.execute(request, timeout: Self.requestTimeout, logger: self.logger)
            let bytes = try await response.body.collect(upTo: Self.maximumObjectSize)
            self.logger.debug(
                "s3 request",
                metadata: [
                    "method": "\(method.rawValue)", "bucket": "\(self.bucket)", "key": "\(key ?? "")",
                    "status": "\(response.status.code)",
                ]
            )
            return Response(status: response.status.code, body: Array(buffer: bytes))
        } catch {
            throw self.transportError(error)
        }
    }

    /// A request that got no HTTP answer: the endpoint is down, unresolvable or too slow.
    func transportError(_ error: any Error) -> ExternalStorageError {
        let reason: String
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .invalidURL, .emptyHost, .emptyScheme:
                return ExternalStorageError(.invalidURL, "invalid S3 endpoint \(self.endpoint.display): \(error)")
            case .connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
                reason = "timed out"
            case .remoteConnectionClosed:
                reason = "connection closed by the server"
            default:
                reason = "\(error)"
            }
        case let error as IOError:
            reason = error.description
        default:
            reason = "\(error)"
        }
        return ExternalStorageError(
            .unreachable,
            "cannot reach S3 endpoint \(self.endpoint.display) for bucket \(self.bucket): \(self.scrubbed(reason))"
        )
    }

    /// Library error texts are not ours to vouch for: any credential in them is masked.
    private func scrubbed(_ text: String) -> String {
        let credentials = self.signer.credentials
        var text = text
        for secret in [credentials.secretAccessKey, credentials.sessionToken ?? "", credentials.accessKeyID]
        where !secret.isEmpty {
            text = text.split(separator: secret, omittingEmptySubsequences: false).joined(separator: "***")
        }
        return text
    }
}
