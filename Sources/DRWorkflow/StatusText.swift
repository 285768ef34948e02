import TiDBClient

/// `tidb-dr status` without `--json`: aligned tables on stdout.
public enum StatusText {
    public static func render(_ report: StatusReport) -> String {
        var lines: [String] = []
        lines += Self.table(
            ["CLUSTER", "DSN", "VERSION", "GC", "GC SAFE POINT", "PD"],
            [report.primary, report.secondary].map { cluster -> [String] in
                [
                    cluster.role, cluster.dsn, cluster.reachable ? (cluster.release ?? "?") : "UNREACHABLE",
                    cluster.gcEnabled.map { $0 ? "on" : "off" } ?? "-", cluster.gcSafePoint ?? "-",
                    cluster.pd.map { pd in (pd.address ?? "?") + (pd.reachable ? "" : " (unreachable)") } ?? "-",
                ]
            }
        )
        for cluster in [report.primary, report.secondary] {
            if let error = cluster.error { lines.append("\(cluster.role): error: \(error)") }
            guard let pd = cluster.pd else { continue }
            if pd.reachable {
                let points = pd.serviceSafePoints.map { "\($0.serviceID) \($0.safePoint.rawValue)" }
                lines.append(
                    "\(cluster.role) service safepoints: " + (points.isEmpty ? "none" : points.joined(separator: ", "))
                )
            } else {
                lines.append("\(cluster.role) service safepoints: PD not reachable: \(pd.error ?? "?")")
            }
        }
        lines.append("")
        if report.ticdc.reachable {
            lines.append("TiCDC \(report.ticdc.server): \(report.ticdc.changefeeds.count) changefeed(s)")
            if !report.ticdc.changefeeds.isEmpty {
                lines += Self.table(
                    ["CHANGEFEED", "STATE", "CHECKPOINT", "CHECKPOINT TIME (UTC)", "LAG", "ERROR"],
                    report.ticdc.changefeeds.map { changefeed -> [String] in
                        let lag = changefeed.lagMs.map { "\($0)ms" } ?? "-"
                        return [
                            changefeed.id, changefeed.state, String(changefeed.checkpointTS.rawValue),
                            changefeed.checkpointTS.physicalTimeText, lag, changefeed.error ?? "",
                        ]
                    }
                )
            }
        } else {
            lines.append("TiCDC \(report.ticdc.server): UNREACHABLE: \(report.ticdc.error ?? "?")")
        }
        lines.append("")
        if let syncpoint = report.lastSyncpoint {
            lines.append(
                "last syncpoint (\(syncpoint.changefeed)): primary_ts \(syncpoint.primaryTS.rawValue) (\(syncpoint.primaryTS.physicalTimeText) UTC), secondary_ts \(syncpoint.secondaryTS.rawValue)"
            )
        } else {
            lines.append("last syncpoint: none")
        }
        return lines.joined(separator: "\n")
    }

    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1
                    ? row[column] : row[column] + String(repeating: " ", count: widths[column] - row[column].count)
            }
            .joined(separator: "  ")
        }
    }
}
