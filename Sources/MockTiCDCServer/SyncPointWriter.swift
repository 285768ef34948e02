import Logging
import TiCDCCore

/// A changefeed's syncpoints (ticdc-api.md §7; ticdc-sink-redo-metrics.md §3): barriers at whole
/// multiples of the interval since the Unix epoch (logical part 0); at each, once everything at or
/// below it is committed downstream, a `tidb_cdc.syncpoint_v1` row and `tidb_external_ts` through
/// a connection of its own (TiCDC's owner writes them through its DDL sink).
struct SyncPointWriter: Sendable {
    struct Settings: Sendable, Equatable {
        var interval: Duration
        var retention: Duration
        var clusterID: String
    }

    let settings: Settings
    let changefeed: String
    let sink: MySQLSink
    let logger: Logger
    /// The next barrier's TSO.
    private(set) var nextBarrier: UInt64
    private var tableCreated = false
    /// Unix milliseconds, injected (the server's clock).
    let now: @Sendable () -> Int64
    /// Rows older than the retention are purged once a retention has passed since the last purge
    /// (the first a retention after the sink started); Unix milliseconds.
    private var lastPurge: Int64

    init(
        _ settings: Settings,
        changefeed: String,
        sink: SinkAddress,
        after checkpoint: UInt64,
        now: @escaping @Sendable () -> Int64,
        logger: Logger
    ) {
        self.settings = settings
        self.changefeed = changefeed
        self.sink = MySQLSink(uri: sink, logger: logger)
        self.logger = logger
        self.nextBarrier = Self.firstBarrier(atOrAfter: checkpoint, interval: settings.interval)
        self.now = now
        self.lastPurge = now()
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// The smallest whole multiple of the interval at or after `ts`, as a TSO.
    static func firstBarrier(atOrAfter ts: UInt64, interval: Duration) -> UInt64 {
        let step = max(Self.milliseconds(interval), 1)
        var milliseconds = TiCDCTime.milliseconds(ofTSO: ts)
        if milliseconds % step != 0 || ts & 0x3FFFF != 0 { milliseconds = (milliseconds / step + 1) * step }
        return TiCDCTime.tso(milliseconds: milliseconds)
    }

    /// Writes the syncpoint at `primaryTS` (the current barrier) and moves to the next barrier.
    mutating func write(at primaryTS: UInt64) async throws(TiCDCError) {
        if !self.tableCreated {
            try await self.sink.createSyncPointTable()
            self.tableCreated = true
        }
        let now = self.now()
        let purge = now - self.lastPurge >= Self.milliseconds(self.settings.retention)
        let secondaryTS = try await self.sink.writeSyncPoint(
            clusterID: self.settings.clusterID,
            changefeed: self.changefeed,
            primaryTS: primaryTS,
            purgeOlderThan: purge ? self.settings.retention : nil
        )
        if purge { self.lastPurge = now }
        self.logger.debug(
            "syncpoint written",
            metadata: [
                "changefeed": "\(self.changefeed)", "primary_ts": "\(primaryTS)", "secondary_ts": "\(secondaryTS)",
            ]
        )
        self.nextBarrier = TiCDCTime.tso(
            milliseconds: TiCDCTime.milliseconds(ofTSO: primaryTS) + max(Self.milliseconds(self.settings.interval), 1)
        )
    }

    func close() async {
        await self.sink.close()
    }
}
