import Prometheus
import Synchronization
import TiCDCCore

/// TiCDC's owner gauges (`cdc/owner/metrics.go`; docs/ticdc/filter-and-sink.md §e) with labels
/// `namespace` and `changefeed`: checkpoint and resolved TS as physical milliseconds, their lag
/// in seconds against the current time, and the state's number; and the sink's row counter
/// (`ticdc_sink_table_sink_total_rows_count`, `cdc/sink/metrics/tablesink/metrics.go`).
final class ChangefeedMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let gauges = Mutex<[String: Gauges]>([:])
    private let now: @Sendable () -> Int64

    struct Gauges {
        var checkpoint: Gauge
        var checkpointLag: Gauge
        var resolved: Gauge
        var resolvedLag: Gauge
        var status: Gauge
        var rows: Counter
        var checkpointTS: UInt64
        var resolvedTS: UInt64
    }

    init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    func update(_ record: ChangefeedRecord) {
        let key = record.namespace + "/" + record.id
        self.gauges.withLock { gauges in
            if gauges[key] == nil {
                let labels = [("namespace", record.namespace), ("changefeed", record.id)]
                func gauge(_ name: String, _ help: String) -> Gauge {
                    self.registry.makeGauge(descriptor: Self.descriptor("owner", name, help), labels: labels)
                }
                gauges[key] = Gauges(
                    checkpoint: gauge("checkpoint_ts", "checkpoint ts of changefeeds"),
                    checkpointLag: gauge("checkpoint_ts_lag", "checkpoint ts lag of changefeeds in seconds"),
                    resolved: gauge("resolved_ts", "resolved ts of changefeeds"),
                    resolvedLag: gauge("resolved_ts_lag", "resolved ts lag of changefeeds in seconds"),
                    status: gauge("status", "The status of changefeeds"),
                    rows: self.registry.makeCounter(
                        descriptor: Self.descriptor(
                            "sink",
                            "table_sink_total_rows_count",
                            "The total count of rows that are processed by table sink"
                        ),
                        labels: labels
                    ),
                    checkpointTS: 0,
                    resolvedTS: 0
                )
            }
            gauges[key]!.checkpointTS = record.checkpointTS
            gauges[key]!.resolvedTS = max(record.resolvedTS, record.checkpointTS)
            gauges[key]!.status.set(Double(record.state.metricValue))
        }
    }

    /// `ticdc_<subsystem>_<name>`.
    private static func descriptor(_ subsystem: String, _ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "ticdc", subsystem: subsystem, metricName: name, unitName: "", helpText: help)
    }

    /// Counts row changes the sink wrote (after `update` registered the changefeed).
    func rowsWritten(_ count: Int, to record: ChangefeedRecord) {
        guard count > 0 else { return }
        let counter = self.gauges.withLock { $0[record.namespace + "/" + record.id]?.rows }
        counter?.increment(by: Int64(count))
    }

    func remove(_ record: ChangefeedRecord) {
        let key = record.namespace + "/" + record.id
        guard let removed = self.gauges.withLock({ $0.removeValue(forKey: key) }) else { return }
        for gauge in [removed.checkpoint, removed.checkpointLag, removed.resolved, removed.resolvedLag, removed.status]
        {
            self.registry.unregisterGauge(gauge)
        }
        self.registry.unregisterCounter(removed.rows)
    }

    /// The exposition, lags computed now (TiCDC updates them on every owner tick).
    func exposition() -> [UInt8] {
        let now = self.now()
        self.gauges.withLock { gauges in
            for entry in gauges.values {
                let checkpoint = TiCDCTime.milliseconds(ofTSO: entry.checkpointTS)
                let resolved = TiCDCTime.milliseconds(ofTSO: entry.resolvedTS)
                entry.checkpoint.set(Double(checkpoint))
                entry.resolved.set(Double(resolved))
                entry.checkpointLag.set(Double(now - checkpoint) / 1000)
                entry.resolvedLag.set(Double(now - resolved) / 1000)
            }
        }
        var buffer: [UInt8] = []
        self.registry.emit(into: &buffer)
        return buffer
    }
}
