import GoFormats
import Hummingbird
import NIOCore
import TiDBEngine

/// `/mock/v1/` on the status port: the scenario controls (docs/tidb/scenario-controls.md). Each
/// control is read with GET, set with PUT (or POST for actions), cleared with DELETE; bad input is
/// a 400 with `{"error": "..."}`.
enum ScenarioRoutes {
    static func add(to group: RouterGroup<BasicRequestContext>, instance: TiDBInstance, controls: ScenarioControls) {
        Self.addClock(to: group, instance: instance)
        Self.addConnections(to: group, controls: controls)
        Self.addLatency(to: group, controls: controls)
        Self.addFailures(to: group, controls: controls)
        Self.addQueryLog(to: group, controls: controls)
    }

    // MARK: Clock

    private static func addClock(to group: RouterGroup<BasicRequestContext>, instance: TiDBInstance) {
        group.get("clock") { _, _ in ControlJSON.response(ClockState(instance.cluster, gcRun: nil)) }
        group.post("clock/advance") { request, _ in
            await ControlJSON.handle {
                guard let text = request.uri.queryParameters.get("by") else {
                    throw ControlInputError("by=<duration> is required, such as by=15m or by=1h30m")
                }
                guard let nanoseconds = GoDuration.parse(String(text)) else {
                    throw ControlInputError("by must be a Go duration such as 15m, 90s or 1h30m; got \"\(text)\"")
                }
                do throws(ClockAdvanceError) {
                    try instance.cluster.clock.advance(byMicroseconds: nanoseconds / 1000)
                } catch {
                    throw ControlInputError(error.description)
                }
                // GC sees the new time at once rather than at its next minute tick, so a test can
                // read mysql.tidb and PD's safepoints right after this answer.
                let run = instance.gcWorker.tick()
                return ControlJSON.response(ClockState(instance.cluster, gcRun: run))
            }
        }
        group.delete("clock") { _, _ in
            ControlJSON.error(
                "the clock never goes back (TSOs and the GC safe point must not); restart mock-tidb to start from the real time",
                status: .conflict
            )
        }
    }

    /// The cluster's time as the engine sees it.
    struct ClockState: Encodable {
        struct GC: Encodable {
            /// Whether a GC run happened on this advance.
            var ran: Bool
            /// PD's GC safe point (a TSO).
            var safePoint: UInt64
            var lastRunTime: String?
            var gcSafePointRow: String?
            enum CodingKeys: String, CodingKey {
                case ran
                case safePoint = "safe_point"
                case lastRunTime = "tikv_gc_last_run_time"
                case gcSafePointRow = "tikv_gc_safe_point"
            }
        }
        var now: String
        var unixMilliseconds: Int64
        var offset: String
        var tso: UInt64
        var gc: GC?

        init(_ cluster: Cluster, gcRun: GCWorker.Run??) {
            let tso = cluster.pd.oracle.next()
            let now = cluster.clock.microsecondsSinceEpoch()
            self.now = QueryLogEntry.rfc3339(now)
            self.unixMilliseconds = now / 1000
            self.offset = GoDuration.format(cluster.clock.offsetMicroseconds * 1000)
            self.tso = tso.rawValue
            self.gc = gcRun.map { run in
                GC(
                    ran: run != nil,
                    safePoint: cluster.pd.gcSafePoint.rawValue,
                    lastRunTime: cluster.mysqlTiDB.value("tikv_gc_last_run_time"),
                    gcSafePointRow: cluster.mysqlTiDB.value("tikv_gc_safe_point")
                )
            }
        }

        enum CodingKeys: String, CodingKey {
            case now
            case unixMilliseconds = "unix_ms"
            case offset, tso, gc
        }
    }

    // MARK: Connections

    private static func addConnections(to group: RouterGroup<BasicRequestContext>, controls: ScenarioControls) {
        group.get("connections") { _, _ in ControlJSON.response(ConnectionsState(controls)) }
        group.put("connections") { request, _ in
            await ControlJSON.handle {
                let body = try await ControlJSON.decode(RefuseRequest.self, from: request)
                guard let refusal = ConnectionRefusal(name: body.refuse) else {
                    throw ControlInputError("refuse must be \"close\", \"deny\" or \"none\"; got \"\(body.refuse)\"")
                }
                controls.connectionRefusal = refusal
                return ControlJSON.response(ConnectionsState(controls))
            }
        }
        group.delete("connections") { _, _ in
            controls.connectionRefusal = .none
            return ControlJSON.response(ConnectionsState(controls))
        }
        group.post("connections/drop") { _, _ in
            let dropped = await controls.connections.closeAll()
            return ControlJSON.response(Dropped(dropped: dropped, refuse: controls.connectionRefusal.name))
        }
    }

    struct RefuseRequest: Decodable {
        var refuse: String
        init(from decoder: any Decoder) throws {
            try ControlJSON.refuseUnknownKeys(in: decoder, known: ["refuse"])
            self.refuse = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .refuse)
        }
        enum CodingKeys: String, CodingKey { case refuse }
    }

    struct ConnectionsState: Encodable {
        var refuse: String
        /// Client connections open now.
        var open: Int
        init(_ controls: ScenarioControls) {
            self.refuse = controls.connectionRefusal.name
            self.open = controls.connections.count
        }
    }

    struct Dropped: Encodable {
        var dropped: Int
        var refuse: String
    }

    // MARK: Latency

    /// More than this is surely a typo (`5m` for `5ms`); clients would time out anyway.
    static let maximumLatency: Int64 = 60_000_000_000

    private static func addLatency(to group: RouterGroup<BasicRequestContext>, controls: ScenarioControls) {
        group.get("latency") { _, _ in ControlJSON.response(Latency(controls)) }
        group.put("latency") { request, _ in
            await ControlJSON.handle {
                let body = try await ControlJSON.decode(LatencyRequest.self, from: request)
                guard let nanoseconds = GoDuration.parse(body.delay) else {
                    throw ControlInputError("delay must be a Go duration such as 50ms or 1.5s; got \"\(body.delay)\"")
                }
                guard (0...Self.maximumLatency).contains(nanoseconds) else {
                    throw ControlInputError("delay must be between 0s and 1m0s")
                }
                controls.replyLatency = .nanoseconds(nanoseconds)
                return ControlJSON.response(Latency(controls))
            }
        }
        group.delete("latency") { _, _ in
            controls.replyLatency = .zero
            return ControlJSON.response(Latency(controls))
        }
    }

    struct LatencyRequest: Decodable {
        var delay: String
        init(from decoder: any Decoder) throws {
            try ControlJSON.refuseUnknownKeys(in: decoder, known: ["delay"])
            self.delay = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .delay)
        }
        enum CodingKeys: String, CodingKey { case delay }
    }

    struct Latency: Encodable {
        var delay: String
        init(_ controls: ScenarioControls) {
            self.delay = GoDuration.format(controls.replyLatency.nanoseconds)
        }
    }

    // MARK: Failures

    private static func addFailures(to group: RouterGroup<BasicRequestContext>, controls: ScenarioControls) {
        let failures = controls.failures
        group.get("failures") { _, _ in ControlJSON.response(Rules(rules: failures.listings)) }
        group.post("failures") { request, _ in
            await ControlJSON.handle {
                let rule = try await ControlJSON.decode(FailureRuleRequest.self, from: request)
                return ControlJSON.response(try failures.add(rule))
            }
        }
        group.put("failures") { request, _ in
            await ControlJSON.handle {
                // One rule or an array of them; either replaces every rule.
                let rules = try await ControlJSON.decode(OneOrMany<FailureRuleRequest>.self, from: request)
                return ControlJSON.response(Rules(rules: try failures.replaceAll(with: rules.values)))
            }
        }
        group.delete("failures") { _, _ in
            failures.removeAll()
            return ControlJSON.response(Rules(rules: []))
        }
        group.delete("failures/:id") { _, context in
            guard let id = context.parameters.get("id").flatMap({ Int($0) }) else {
                return ControlJSON.error("the rule id must be a number")
            }
            guard failures.remove(id: id) else { return ControlJSON.error("no failure rule \(id)", status: .notFound) }
            return ControlJSON.response(Rules(rules: failures.listings))
        }
    }

    struct Rules: Encodable {
        var rules: [FailureRule.Listing]
    }

    /// A JSON value that is either one `T` or an array of them.
    struct OneOrMany<T: Decodable>: Decodable {
        var values: [T]
        init(from decoder: any Decoder) throws {
            // Decided by the shape, so that a bad element's own error reaches the client.
            guard var array = try? decoder.unkeyedContainer() else {
                self.values = [try T(from: decoder)]
                return
            }
            var values: [T] = []
            while !array.isAtEnd { values.append(try array.decode(T.self)) }
            self.values = values
        }
    }

    // MARK: Query log

    private static func addQueryLog(to group: RouterGroup<BasicRequestContext>, controls: ScenarioControls) {
        let log = controls.queryLog
        group.get("querylog") { request, _ in
            await ControlJSON.handle {
                let parameters = request.uri.queryParameters
                let sinceText = parameters.get("since")
                let limitText = parameters.get("limit")
                guard let since = sinceText.map({ UInt64(String($0)) }) ?? 0 else {
                    throw ControlInputError("since must be a sequence number (next_since of an earlier read)")
                }
                guard let limit = limitText.map({ Int(String($0)) }) ?? Int.max, limit > 0 else {
                    throw ControlInputError("limit must be a positive number")
                }
                return Self.page(log.entries(since: since, limit: limit), recording: log.isRecording)
            }
        }
        group.put("querylog") { request, _ in
            await ControlJSON.handle {
                let body = try await ControlJSON.decode(RecordingBody.self, from: request)
                log.isRecording = body.recording
                return ControlJSON.response(RecordingBody(recording: log.isRecording))
            }
        }
        group.delete("querylog") { _, _ in
            log.clear()
            return ControlJSON.response(Cleared(nextSince: log.newestSequence))
        }
    }

    struct RecordingBody: Codable {
        var recording: Bool
    }

    struct Cleared: Encodable {
        var nextSince: UInt64
        enum CodingKeys: String, CodingKey { case nextSince = "next_since" }
    }

    /// Entries are written by hand (`QueryLogEntry.jsonLine`, the file's format): building the
    /// encoder's tree for 100,000 of them would take far longer.
    private static func page(_ page: QueryLogPage, recording: Bool) -> Response {
        var text = "{\"entries\":["
        for (index, entry) in page.entries.enumerated() {
            if index > 0 { text += "," }
            text += entry.jsonLine
        }
        text += "],\"next_since\":\(page.nextSince),\"truncated\":\(page.truncated),\"recording\":\(recording)}\n"
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
