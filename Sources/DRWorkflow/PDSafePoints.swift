import AsyncHTTPClient
import NIOCore
import PDAPI
import TiDBClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// PD's `GET /pd/api/v1/gc/safepoint` (docs/ticdc/pd-http.md §2.6): the cluster's GC safe point
/// and every service safepoint, expired ones included.
enum PDSafePoints {
    /// `address` is `host:port` as `information_schema.cluster_info` lists it, or a URL.
    static func read(address: String, http: HTTPClient) async -> StatusReport.PD {
        var pd = StatusReport.PD(address: address)
        let url = (address.contains("://") ? address : "http://" + address) + "/pd/api/v1/gc/safepoint"
        do {
            let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 16 << 20)
            guard response.status.code == 200 else {
                pd.error = "GET \(url): HTTP \(response.status.code): \(String(buffer: body))"
                return pd
            }
            let answer = try JSONDecoder().decode(PDGCSafePoints.self, from: Data(body.readableBytesView))
            pd.reachable = true
            pd.gcSafePoint = TSO(rawValue: answer.gcSafePoint)
            pd.minServiceGCSafePoint = answer.minimum.map(TSO.init(rawValue:))
            pd.serviceSafePoints = answer.services.map {
                StatusReport.ServiceSafePoint(
                    serviceID: $0.serviceID,
                    safePoint: TSO(rawValue: $0.safePoint),
                    expiredAt: $0.expiredAt
                )
            }
        } catch {
            pd.error = "GET \(url): \(error)"
        }
        return pd
    }
}
