public import AsyncHTTPClient
import FoundationEssentials
import MySQLTypes
import NIOCore
import NIOHTTP1
public import TiCDCCore

/// A client of TiCDC's OpenAPI v2, as `cdc cli` uses it (docs/ticdc/cli.md §1.4): JSON in and
/// out, a non-2xx answer is `TiCDCClientError` with the server's `error_msg`. The same calls work
/// against mock-ticdc and a real TiCDC.
public struct TiCDCClient: Sendable {
    public let server: String
    let http: HTTPClient

    /// `server`: `host:port` or a URL; `http://` is added when there is no scheme.
    public init(server: String, httpClient: HTTPClient) {
        var base = server.contains("://") ? server : "http://" + server
        while base.hasSuffix("/") { base.removeLast() }
        self.server = base
        self.http = httpClient
    }

    public func status() async throws(TiCDCClientError) -> TiCDCAPI.ServerStatus {
        try await self.call(.GET, "/api/v2/status")
    }

    public func captures() async throws(TiCDCClientError) -> TiCDCAPI.List<TiCDCAPI.Capture> {
        try await self.call(.GET, "/api/v2/captures")
    }

    /// The upstream's TSO; `pdAddresses`: another upstream's (`cdc cli --upstream-pd`).
    public func tso(pdAddresses: [String]? = nil) async throws(TiCDCClientError) -> TiCDCAPI.TSO {
        struct Body: Encodable {
            var id = 0
            var pd_addrs: [String]?
        }
        return try await self.call(.POST, "/api/v2/tso", body: Body(pd_addrs: pdAddresses))
    }

    public func listChangefeeds(
        namespace: String = "default",
        state: String? = "all"
    ) async throws(TiCDCClientError)
        -> TiCDCAPI.List<TiCDCAPI.ChangefeedCommonInfo>
    {
        var path = "/api/v2/changefeeds?namespace=\(Self.escaped(namespace))"
        if let state { path += "&state=\(Self.escaped(state))" }
        return try await self.call(.GET, path)
    }

    public func changefeed(
        _ id: String,
        namespace: String = "default"
    ) async throws(TiCDCClientError)
        -> TiCDCAPI.ChangeFeedInfo
    {
        try await self.call(.GET, Self.path(id, namespace))
    }

    public func createChangefeed(
        _ config: TiCDCAPI.ChangefeedConfig
    ) async throws(TiCDCClientError)
        -> TiCDCAPI.ChangeFeedInfo
    {
        try await self.call(.POST, "/api/v2/changefeeds", body: config)
    }

    public func updateChangefeed(
        _ id: String,
        namespace: String = "default",
        _ config: TiCDCAPI.ChangefeedConfig
    )
        async throws(TiCDCClientError) -> TiCDCAPI.ChangeFeedInfo
    {
        try await self.call(.PUT, Self.path(id, namespace), body: config)
    }

    public func pauseChangefeed(_ id: String, namespace: String = "default") async throws(TiCDCClientError) {
        let _: JSONValue = try await self.call(.POST, Self.path(id, namespace, "/pause"), expectBody: false)
    }

    public func resumeChangefeed(
        _ id: String,
        namespace: String = "default",
        overwriteCheckpointTS: UInt64 = 0
    )
        async throws(TiCDCClientError)
    {
        let _: JSONValue = try await self.call(
            .POST,
            Self.path(id, namespace, "/resume"),
            body: TiCDCAPI.ResumeChangefeedConfig(overwriteCheckpointTS: overwriteCheckpointTS),
            expectBody: false
        )
    }

    public func removeChangefeed(_ id: String, namespace: String = "default") async throws(TiCDCClientError) {
        let _: JSONValue = try await self.call(.DELETE, Self.path(id, namespace), expectBody: false)
    }

    public func verifyTables(
        _ config: TiCDCAPI.ChangefeedConfig
    ) async throws(TiCDCClientError) -> TiCDCAPI.VerifiedTables {
        try await self.call(.POST, "/api/v2/verify_table", body: config)
    }

    static func path(_ id: String, _ namespace: String, _ suffix: String = "") -> String {
        "/api/v2/changefeeds/\(Self.escaped(id))\(suffix)?namespace=\(Self.escaped(namespace))"
    }

    // MARK: HTTP

    private func call<Answer: Decodable>(
        _ method: HTTPMethod,
        _ path: String,
        body: (some Encodable)? = Optional<JSONValue>.none,
        expectBody: Bool = true
    ) async throws(TiCDCClientError) -> Answer {
        var request = HTTPClientRequest(url: self.server + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            guard let data = try? encoder.encode(body) else {
                throw TiCDCClientError(message: "cannot encode the request to \(path)")
            }
            request.body = .bytes(ByteBuffer(bytes: data))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let status: UInt
        let bytes: ByteBuffer
        let contentType: String
        do {
            let response = try await self.http.execute(request, timeout: .seconds(60))
            status = response.status.code
            contentType = response.headers.first(name: "Content-Type") ?? ""
            bytes = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw TiCDCClientError(message: "\(method.rawValue) \"\(self.server + path)\": \(error)")
        }
        let data = Data(bytes.readableBytesView)
        guard (200...206).contains(status) else {
            if let failure = try? JSONDecoder().decode(TiCDCAPI.ErrorBody.self, from: data) {
                throw TiCDCClientError(message: failure.errorMessage, code: failure.errorCode, status: Int(status))
            }
            throw TiCDCClientError(
                message:
                    "call cdc api failed, url=\(self.server + path), code=\(status), contentType=\(contentType), response=\(String(buffer: bytes))",
                status: Int(status)
            )
        }
        if !expectBody, let empty = JSONValue.null as? Answer { return empty }
        guard bytes.readableBytes > 0 else {
            throw TiCDCClientError(
                message: "[CDC:ErrZeroLengthResponseBody]0-length response with status code: \(status)"
            )
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw TiCDCClientError(message: "cannot decode the answer of \(path): \(error)")
        }
    }

    static func escaped(_ text: String) -> String {
        URLText.escaped(text)
    }
}

/// A failed call: TiCDC's `error_msg` (which starts with `[CDC:Err...]`), its code, the status.
public struct TiCDCClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var code: String
    /// The HTTP status; nil when no answer came.
    public var status: Int?

    public init(message: String, code: String = "", status: Int? = nil) {
        self.message = message
        self.code = code
        self.status = status
    }

    public var description: String { self.message }
}
