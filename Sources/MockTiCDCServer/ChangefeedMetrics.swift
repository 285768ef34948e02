import Prometheus
import Synchronization
import TiCDCCore

/// TiCDC's owner gauges (`cdc/owner/metrics.go`; docs/ticdc/filter-and-sink.md §e) with labels
/// `namespace` and `changefeed`: checkpoint and resolved TS as physical milliseconds, their lag
/// in seconds against the current time, and the state's number.
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
                gauges[key] = Gauges(
                    checkpoint: self.registry.makeGauge(name: "ticdc_owner_checkpoint_ts", labels: labels, help: "checkpoint ts of changefeeds"),
                    checkpointLag: self.registry.makeGauge(
                        name: "ticdc_owner_checkpoint_ts_lag",
                        labels: labels,
                        help: "checkpoint ts lag of changefeeds in seconds"
                    ),
                    resolved: self.registry.makeGauge(name: "ticdc_owner_resolved_ts", labels: labels, help: "resolved ts of changefeeds"),
                    resolvedLag: self.registry.makeGauge(
                        name: "ticdc_owner_resolved_ts_lag",
                        labels: labels,
                        help: "resolved ts lag of changefeeds in seconds"
                    ),
                    status: self.registry.makeGauge(name: "ticdc_owner_status", labels: labels, help: "The status of changefeeds"),
                    checkpointTS: 0,
                    resolvedTS: 0
                )
            }
            gauges[key]!.checkpointTS = record.checkpointTS
            gauges[key]!.resolvedTS = max(record.resolvedTS, record.checkpointTS)
            gauges[key]!.status.set(Double(record.state.metricValue))
        }
    }

    func remove(_ record: ChangefeedRecord) {
        let key = record.namespace + "/" + record.id
        guard let removed = self.gauges.withLock({ $0.removeValue(forKey: key) }) else { return }
        for gauge in [removed.checkpoint, removed.checkpointLag, removed.resolved, removed.resolvedLag, removed.status] {
            self.registry.unregisterGauge(gauge)
        }
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
