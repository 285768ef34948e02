public import AsyncHTTPClient
import FoundationEssentials
import MySQLTypes
import NIOCore
import TiCDCCore

/// Where `cdc cli` sends its calls (docs/ticdc/cli.md §1.3): `--server`, else the capture a TiCDC
/// registered in `--pd`'s metadata (mock-ticdc writes `/tidb/cdc/<cluster>/__cdc_meta__/capture/<id>`
/// to a mock PD, as TiCDC does to PD's etcd), else `http://127.0.0.1:8300`.
public enum CaptureLookup {
    public struct Registration: Codable, Sendable {
        public var id: String
        public var address: String
        public var version: String
        /// Unix ms: the newest registration wins over one a killed server left behind.
        public var startedAt: Int64

        public init(id: String, address: String, version: String, startedAt: Int64) {
            self.id = id
            self.address = address
            self.version = version
            self.startedAt = startedAt
        }

        enum CodingKeys: String, CodingKey {
            case id, address, version
            case startedAt = "start-timestamp-ms"
        }
    }

    public static func key(clusterID: String, captureID: String) -> String {
        "/tidb/cdc/\(clusterID)/__cdc_meta__/capture/\(captureID)"
    }

    public static func server(server: String?, pd: String?, client: HTTPClient) async throws(TiCDCClientError) -> String
    {
        if let server { return server }
        guard let pd else { return "http://127.0.0.1:8300" }
        var base = pd.split(separator: ",").first.map(String.init) ?? pd
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw TiCDCClientError(
                message:
                    "[CDC:ErrInvalidServerOption]invalid server option: PD endpoint should be a valid http or https URL"
            )
        }
        while base.hasSuffix("/") { base.removeLast() }
        struct Entries: Decodable {
            struct Entry: Decodable {
                var key: String
                var value: String
            }
            var kvs: [Entry]
        }
        let entries: Entries
        do {
            let request = HTTPClientRequest(
                url: base + "/mock/v1/kv?prefix=" + URLText.escaped("/tidb/cdc/", keepingSlashes: true)
            )
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 16 << 20)
            entries = try JSONDecoder().decode(Entries.self, from: Data(body.readableBytesView))
        } catch {
            throw TiCDCClientError(message: "cannot find a TiCDC capture through --pd \(pd): \(error)")
        }
        var captures: [(cluster: String, registration: Registration)] = []
        for entry in entries.kvs where entry.key.contains("/__cdc_meta__/capture/") {
            let parts = entry.key.split(separator: "/")
            guard parts.count >= 3,
                let registration = try? JSONDecoder().decode(Registration.self, from: Data(entry.value.utf8))
            else { continue }
            captures.append((String(parts[2]), registration))
        }
        guard Set(captures.map(\.cluster)).count <= 1 else {
            throw TiCDCClientError(
                message: "[CDC:ErrMultipleCDCClustersExist]multiple TiCDC clusters exist while using --pd"
            )
        }
        guard let newest = captures.max(by: { $0.registration.startedAt < $1.registration.startedAt }) else {
            throw TiCDCClientError(message: "[CDC:ErrOwnerNotFound]owner not found")
        }
        return "http://" + newest.registration.address
    }
}
