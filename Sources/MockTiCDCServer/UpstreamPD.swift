import AsyncHTTPClient
import ChangeStream
import FoundationEssentials
import MySQLTypes
import NIOCore
import NIOHTTP1
import TiCDCCore

/// A cluster's PD endpoint as mock-ticdc uses it: PD's own API and the mock-only `/mock/v1/`
/// (docs/ticdc/change-stream.md). Failures are TiCDC's `ErrPDEtcdAPIError`, except changes GC
/// already collected, which are `ErrSnapshotLostByGC`.
struct UpstreamPD: Sendable {
    let baseURL: String
    let client: HTTPClient

    /// `http://host:port` (a scheme is added when missing; a trailing slash dropped).
    init(address: String, client: HTTPClient) {
        var base = address.hasPrefix("http://") || address.hasPrefix("https://") ? address : "http://" + address
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.client = client
    }

    struct ClusterFacts: Decodable {
        var clusterID: UInt64
        var gcSafePoint: UInt64
        var release: String
        enum CodingKeys: String, CodingKey {
            case release
            case clusterID = "cluster_id"
            case gcSafePoint = "gc_safe_point"
        }
    }

    func cluster() async throws(TiCDCError) -> ClusterFacts {
        try await self.call(.GET, "/mock/v1/cluster")
    }

    func currentTSO() async throws(TiCDCError) -> UInt64 {
        struct Answer: Decodable { var tso: UInt64 }
        let answer: Answer = try await self.call(.POST, "/mock/v1/tso")
        return answer.tso
    }

    /// PD's `UpdateServiceGCSafePoint`; the minimum service safepoint after it (0 when none).
    func updateServiceSafePoint(
        _ service: String,
        safePoint: UInt64,
        ttlSeconds: Int64
    ) async throws(TiCDCError) -> UInt64 {
        struct Request: Encodable {
            var service_id: String
            var safe_point: UInt64
            var ttl: Int64
        }
        struct Answer: Decodable { var min_safe_point: UInt64 }
        let answer: Answer = try await self.call(
            .PUT,
            "/mock/v1/gc/service-safepoint",
            body: Request(service_id: service, safe_point: safePoint, ttl: ttlSeconds)
        )
        return answer.min_safe_point
    }

    /// Every user table now, with its handle columns.
    func tables() async throws(TiCDCError) -> [TableInfo] {
        try await self.call(.GET, "/mock/v1/tables")
    }

    func entries(prefix: String) async throws(TiCDCError) -> [(key: String, value: String)] {
        struct Answer: Decodable {
            struct Entry: Decodable {
                var key: String
                var value: String
            }
            var kvs: [Entry]
        }
        let answer: Answer = try await self.call(.GET, "/mock/v1/kv?prefix=" + Self.escaped(prefix))
        return answer.kvs.map { ($0.key, $0.value) }
    }

    func put(_ key: String, _ value: String) async throws(TiCDCError) {
        let _: JSONValue = try await self.call(.PUT, "/mock/v1/kv?key=" + Self.escaped(key), raw: value)
    }

    func delete(_ key: String) async throws(TiCDCError) {
        let _: JSONValue = try await self.call(.DELETE, "/mock/v1/kv?key=" + Self.escaped(key))
    }

    /// The committed changes after `after` (a long poll of up to `wait` when there are none).
    /// In the binary form: JSON cost most of a batch's time under load.
    func changes(after: UInt64, limit: Int, wait: Duration) async throws(TiCDCError) -> ChangeBatch {
        let milliseconds = wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000
        let path = "/mock/v1/changes?after=\(after)&limit=\(limit)&wait_ms=\(milliseconds)&format=binary"
        let bytes = try await self.fetch(.GET, path)
        do throws(BinaryChangeError) {
            return try ChangeBatch(binary: Array(bytes.readableBytesView))
        } catch {
            throw .pdUnreachable("\(self.baseURL)\(path): \(error)")
        }
    }

    // MARK: HTTP

    private func call<Answer: Decodable>(
        _ method: HTTPMethod,
        _ path: String,
        body: (some Encodable)? = Optional<JSONValue>.none,
        raw: String? = nil
    ) async throws(TiCDCError) -> Answer {
        let bytes = try await self.fetch(method, path, body: body, raw: raw)
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(bytes.readableBytesView))
        } catch {
            throw .pdUnreachable("\(self.baseURL)\(path): bad answer: \(error)")
        }
    }

    /// The body of a 2xx answer; 410 is ErrSnapshotLostByGC, anything else ErrPDEtcdAPIError.
    private func fetch(
        _ method: HTTPMethod,
        _ path: String,
        body: (some Encodable)? = Optional<JSONValue>.none,
        raw: String? = nil
    ) async throws(TiCDCError) -> ByteBuffer {
        var request = HTTPClientRequest(url: self.baseURL + path)
        request.method = method
        if let body {
            guard let data = try? JSONEncoder().encode(body) else { throw .pdUnreachable("cannot encode the request") }
            request.body = .bytes(ByteBuffer(bytes: data))
            request.headers.add(name: "Content-Type", value: "application/json")
        } else if let raw {
            request.body = .bytes(ByteBuffer(string: raw))
        }
        let bytes: ByteBuffer
        let status: UInt
        do {
            let response = try await self.client.execute(request, timeout: .seconds(30))
            status = response.status.code
            bytes = try await response.body.collect(upTo: 256 << 20)
        } catch {
            throw .pdUnreachable("\(self.baseURL)\(path): \(error)")
        }
        if status == 410 {
            let gone = try? JSONDecoder().decode(Gone.self, from: Data(bytes.readableBytesView))
            throw .snapshotLostByGC(checkpoint: 0, safePoint: gone?.gc_safe_point ?? 0)
        }
        guard (200..<300).contains(status) else {
            throw .pdUnreachable("\(self.baseURL)\(path) answered \(status): \(String(buffer: bytes))")
        }
        return bytes
    }

    /// `/mock/v1/changes`' 410: GC collected what was asked for.
    struct Gone: Decodable { var gc_safe_point: UInt64 }

    static func escaped(_ text: String) -> String {
        URLText.escaped(text, keepingSlashes: true)
    }
}
