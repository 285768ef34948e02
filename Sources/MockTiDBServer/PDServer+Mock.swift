import ChangeStream
import FoundationEssentials
import Hummingbird
import NIOCore
import TiDBEngine

/// `/mock/v1/` on the PD port: what mock-ticdc takes from the cluster (docs/ticdc/change-stream.md).
/// Never part of a real PD's API, so a client of the real one cannot hit these by accident.
enum MockRoutes {
    static func add(to group: RouterGroup<BasicRequestContext>, context: PDServer.Context) {
        let cluster = context.instance.cluster
        group.get("cluster") { _, _ in
            try PDServer.mockJSON(
                ClusterFacts(
                    clusterID: cluster.clusterID,
                    gcSafePoint: cluster.pd.gcSafePoint.rawValue,
                    release: context.release
                )
            )
        }
        group.post("tso") { _, _ in
            let tso = cluster.pd.oracle.next()
            return try PDServer.mockJSON(
                TSOAnswer(tso: tso.rawValue, timestamp: tso.physical, logicTime: Int64(tso.logical))
            )
        }
        group.put("gc/service-safepoint") { request, requestContext in
            let update = try await request.decode(as: ServiceSafePointUpdate.self, context: requestContext)
            if update.ttl <= 0, update.serviceID == PlacementDriver.gcWorkerServiceID {
                return try PDServer.mockJSON(
                    MockError(error: "cannot remove service safe point of gc_worker"),
                    status: .internalServerError
                )
            }
            let minimum = cluster.pd.updateServiceSafePoint(
                service: update.serviceID,
                safePoint: TSO(rawValue: update.safePoint),
                ttlSeconds: update.ttl,
                nowMicroseconds: cluster.clock.microsecondsSinceEpoch()
            )
            return try PDServer.mockJSON(
                ServiceSafePointAnswer(
                    minServiceID: minimum.serviceID,
                    minSafePoint: minimum.safePoint.rawValue
                )
            )
        }
        group.get("tables") { _, _ in
            // Every user table with its handle: what TiCDC's table eligibility check reads.
            try PDServer.mockJSON(cluster.storage.allTableSchemas.map(ChangeStreamEncoding.tableInfo))
        }
        group.get("kv") { request, _ in
            let prefix = request.uri.queryParameters.get("prefix") ?? ""
            return try PDServer.mockJSON(
                KeyValues(kvs: cluster.metadata.entries(prefix: prefix).map { .init(key: $0.key, value: $0.value) })
            )
        }
        group.put("kv") { request, _ in
            guard let key = request.uri.queryParameters.get("key"), !key.isEmpty else {
                return try PDServer.mockJSON(MockError(error: "key is required"), status: .badRequest)
            }
            let body = try await request.body.collect(upTo: 16 << 20)
            cluster.metadata.set(key, String(buffer: body))
            return try PDServer.mockJSON(KeyValues(kvs: []))
        }
        group.delete("kv") { request, _ in
            guard let key = request.uri.queryParameters.get("key"), !key.isEmpty else {
                return try PDServer.mockJSON(MockError(error: "key is required"), status: .badRequest)
            }
            cluster.metadata.remove(key)
            return try PDServer.mockJSON(KeyValues(kvs: []))
        }
        group.get("changes") { request, _ in
            let parameters = request.uri.queryParameters
            guard let after = parameters.get("after").flatMap(UInt64.init) else {
                return try PDServer.mockJSON(MockError(error: "after=<TSO> is required"), status: .badRequest)
            }
            let limitText = parameters.get("limit")
            let waitText = parameters.get("wait_ms")
            guard let limit = limitText.map({ Int($0) }) ?? 4096, limit > 0 else {
                return try PDServer.mockJSON(MockError(error: "limit must be a positive integer"), status: .badRequest)
            }
            guard let waitMilliseconds = waitText.map({ Int64($0) }) ?? 0, waitMilliseconds >= 0 else {
                return try PDServer.mockJSON(
                    MockError(error: "wait_ms must be a non-negative integer"),
                    status: .badRequest
                )
            }
            let wait = Duration.milliseconds(min(10_000, waitMilliseconds))
            let binary: Bool
            switch parameters.get("format") {
            case nil, "json": binary = false
            case "binary": binary = true
            case let other?:
                return try PDServer.mockJSON(
                    MockError(error: "format must be json or binary, not \(other)"),
                    status: .badRequest
                )
            }
            let window: Result<ChangeWindow, ChangesCollected>
            do throws(ChangesCollected) {
                window = .success(
                    try await Self.changes(in: cluster.storage, after: TSO(rawValue: after), limit: limit, wait: wait)
                )
            } catch {
                window = .failure(error)
            }
            switch window {
            case .success(let window):
                let batch = ChangeStreamEncoding.batch(window)
                guard binary else { return try PDServer.mockJSON(batch) }
                return Response(
                    status: .ok,
                    headers: [.contentType: ChangeBatch.binaryContentType],
                    body: .init(byteBuffer: ByteBuffer(bytes: batch.binary))
                )
            case .failure(let collected):
                // 410 Gone: TiCDC's ErrSnapshotLostByGC for whoever asked.
                return try PDServer.mockJSON(
                    MockError(
                        error:
                            "changes after \(after) were collected by GC; the GC safe point is \(collected.gcSafePoint.rawValue)",
                        gcSafePoint: collected.gcSafePoint.rawValue
                    ),
                    status: .gone
                )
            }
        }
    }

    /// The changes after `after`, waiting up to `wait` for one when there is none yet; the answer
    /// then carries a fresh resolved TS (TiKV's resolved-ts tick).
    static func changes(
        in storage: Storage,
        after: TSO,
        limit: Int,
        wait: Duration
    ) async throws(ChangesCollected) -> ChangeWindow {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: wait)
        while true {
            let window = try storage.changes(after: after, limit: limit)
            if !window.records.isEmpty || clock.now >= deadline { return window }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    struct ClusterFacts: Encodable {
        var clusterID: UInt64
        var gcSafePoint: UInt64
        var release: String
        enum CodingKeys: String, CodingKey {
            case clusterID = "cluster_id"
            case gcSafePoint = "gc_safe_point"
            case release
        }
    }

    struct TSOAnswer: Encodable {
        var tso: UInt64
        var timestamp: Int64
        var logicTime: Int64
        enum CodingKeys: String, CodingKey {
            case tso, timestamp
            case logicTime = "logic_time"
        }
    }

    struct ServiceSafePointUpdate: Decodable {
        var serviceID: String
        var safePoint: UInt64
        /// Seconds; zero or less removes the service's safepoint.
        var ttl: Int64
        enum CodingKeys: String, CodingKey {
            case serviceID = "service_id"
            case safePoint = "safe_point"
            case ttl
        }
    }

    struct ServiceSafePointAnswer: Encodable {
        var minServiceID: String
        var minSafePoint: UInt64
        enum CodingKeys: String, CodingKey {
            case minServiceID = "min_service_id"
            case minSafePoint = "min_safe_point"
        }
    }

    struct KeyValues: Encodable {
        struct Entry: Encodable {
            var key: String
            var value: String
        }
        var kvs: [Entry]
    }

    struct MockError: Encodable {
        var error: String
        var gcSafePoint: UInt64?
        enum CodingKeys: String, CodingKey {
            case error
            case gcSafePoint = "gc_safe_point"
        }
    }
}

/// Engine change records as the change stream's values.
enum ChangeStreamEncoding {
    static func batch(_ window: ChangeWindow) -> ChangeBatch {
        var tables: [String: TableInfo] = [:]
        var events: [ChangeEvent] = []
        events.reserveCapacity(window.records.count)
        for record in window.records {
            let commitTS = record.commitTS.rawValue
            switch record.change {
            case .row(let tableID, let schema, let before, let after):
                let key = TableInfo.key(tableID: tableID, version: schema.version)
                if tables[key] == nil { tables[key] = Self.tableInfo(schema) }
                let kind: ChangeEvent.Kind = before == nil ? .insert : after == nil ? .delete : .update
                events.append(
                    ChangeEvent(
                        commitTS: commitTS,
                        kind: kind,
                        database: schema.database,
                        table: schema.name,
                        tableKey: key,
                        before: before.map { Self.cells($0, of: schema) },
                        after: after.map { Self.cells($0, of: schema) },
                        writeSource: record.writeSource
                    )
                )
            case .ddl(let database, let table, let statement):
                events.append(
                    ChangeEvent(
                        commitTS: commitTS,
                        kind: .ddl,
                        database: database,
                        table: table,
                        query: statement,
                        writeSource: record.writeSource
                    )
                )
            }
        }
        return ChangeBatch(events: events, tables: tables, resolvedTS: window.resolvedTS.rawValue)
    }

    /// Column names and the handle: the primary key, else the first unique key on NOT NULL
    /// columns (what TiCDC writes WHERE clauses on). Hidden `_tidb_rowid` values are dropped.
    static func tableInfo(_ schema: TableSchema) -> TableInfo {
        var handle = schema.primaryKey?.columns ?? []
        if handle.isEmpty,
            let unique = schema.indexes.first(where: { index in
                index.isUnique && index.columns.allSatisfy { !schema.columns[$0].isNullable }
            })
        {
            handle = unique.columns
        }
        // TiCDC does not write generated columns: the downstream computes them.
        let written = schema.columns.indices.filter { schema.columns[$0].generated == nil }
        let handlePositions = handle.compactMap { written.firstIndex(of: $0) }
        return TableInfo(
            database: schema.database,
            name: schema.name,
            tableID: schema.id,
            columns: written.map { schema.columns[$0].name },
            handle: handlePositions.count == handle.count ? handlePositions : []
        )
    }

    static func cells(_ values: [Value], of schema: TableSchema) -> [CellValue] {
        guard schema.hasGeneratedColumns else { return values.map(Self.cell) }
        return zip(values, schema.columns).compactMap { value, column in
            column.generated == nil ? Self.cell(value) : nil
        }
    }

    static func cell(_ value: Value) -> CellValue {
        switch value {
        case .null: .null
        case .int(let number): .int(number)
        case .uint(let number): .uint(number)
        case .double(let number): .double(number)
        case .decimal(let number): .decimal(number.description)
        case .string(let text): .string(text)
        case .bytes(let bytes): .bytes(bytes)
        case .datetime(let time): .datetime(time.description)
        case .date(let time): .date(time.dateDescription)
        // The sink writes these back as their name and their number, which ENUM, SET and BIT
        // columns downstream take as the same value.
        case .enumSet(let element): .string(element.name)
        case .bit(let bit): .uint(bit.number)
        }
    }
}
