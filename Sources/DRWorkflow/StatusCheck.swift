public import AsyncHTTPClient
public import Logging
import TiCDCClient
public import TiDBClient

/// `tidb-dr status`: reads, never changes. Both clusters (version, GC on/off, GC safe point, PD's
/// service safepoints), every changefeed on the TiCDC (state, checkpoint, lag behind the
/// primary's TSO, error) and the secondary's last syncpoint. A part that cannot be reached is
/// reported as such and the rest is still read; PD not answering is reported, not a failure.
public struct StatusCheck: Sendable {
    public var primary: ConnectionConfiguration
    public var secondary: ConnectionConfiguration
    /// The TiCDC server as reported (credentials redacted).
    public var cdc: String
    let source: any ChangefeedSource
    let http: HTTPClient
    let logger: Logger

    public init(
        primary: ConnectionConfiguration,
        secondary: ConnectionConfiguration,
        cdc: String,
        source: any ChangefeedSource,
        http: HTTPClient,
        logger: Logger
    ) {
        self.primary = primary
        self.secondary = secondary
        self.cdc = cdc
        self.source = source
        self.http = http
        self.logger = logger
    }

    public func run() async -> StatusReport {
        let http = self.http
        let readPD: (String) async -> StatusReport.PD = { await PDSafePoints.read(address: $0, http: http) }
        let (primary, primaryConnection) = await ClusterStatus.read(
            role: "primary",
            self.primary,
            readPD: readPD,
            logger: self.logger
        )
        let (secondary, secondaryConnection) = await ClusterStatus.read(
            role: "secondary",
            self.secondary,
            readPD: readPD,
            logger: self.logger
        )
        var report = StatusReport(primary: primary, secondary: secondary, ticdc: StatusReport.TiCDC(server: self.cdc))

        if let secondaryConnection {
            do {
                report.lastSyncpoint = try await ClusterStatus.lastSyncpoint(secondaryConnection)
            } catch {
                report.secondary.error = (secondary.error.map { $0 + "; " } ?? "") + "tidb_cdc.syncpoint_v1: \(error)"
            }
            await secondaryConnection.close()
        }

        do throws(TiCDCClientError) {
            let changefeeds = try await self.source.allChangefeeds()
            report.ticdc.reachable = true
            let now = try? await primaryConnection?.currentTSO()
            report.primaryTS = now
            report.ticdc.changefeeds = changefeeds.map { changefeed in
                StatusReport.Changefeed(
                    id: changefeed.id,
                    state: changefeed.state,
                    checkpointTS: changefeed.checkpoint,
                    lagMs: now.map { changefeed.lagMilliseconds(behind: $0) },
                    error: changefeed.error
                )
            }
        } catch {
            report.ticdc.error = error.message
        }
        await primaryConnection?.close()
        return report
    }
}
