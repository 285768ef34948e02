import Foundation
import InMemoryLogging
import Logging
import MockTiDBServer
import Testing
import TiDBEngine

/// The cluster's PD endpoint over HTTP: PD v8.5's `/pd/api/v1` routes (docs/ticdc/pd-http.md) and
/// the `/mock/v1` routes mock-ticdc reads, on an in-process server with a frozen wall clock.
@Suite(.timeLimit(.minutes(1))) struct PDServerTests {
    /// 2024-09-19 10:10:46.963 UTC.
    static let startMilliseconds: Int64 = 1_726_740_646_963
    /// The safe point of the GC run at the instance's start: ten minutes before it.
    static let startSafePoint = TSO(physicalMilliseconds: startMilliseconds - 600_000).rawValue

    struct PD: Sendable {
        let endpoints: MockTiDBEndpoints
        let server: MockTiDBServer
        let wall: ManualWallClock
        var cluster: Cluster { self.server.instance.cluster }

        func request(_ method: String, _ target: String, body: String? = nil) async throws -> HTTPAnswer {
            try await HTTPAnswer.exchange(port: self.endpoints.pdPort, method, target, body: body)
        }

        func sql(_ text: String) async throws {
            let port = self.endpoints.sqlPort
            try await blocking { _ = try MariaDBTestClient(port: port, database: "test").query(text) }
        }
    }

    static func withPD<T: Sendable>(_ body: (PD) async throws -> T) async throws -> T {
        let wall = ManualWallClock(millisecondsSinceEpoch: Self.startMilliseconds)
        var handler = InMemoryLogHandler()
        handler.logLevel = .warning
        let logger = Logger(label: "pd-test") { _ in handler }
        let configuration = MockTiDBConfiguration(
            port: 0,
            statusPort: 0,
            pdPort: 0,
            clock: wall,
            intervalClock: ManualClock()
        )
        return try await MockTiDBServer.withRunningServer(configuration: configuration, logger: logger) {
            endpoints,
            server in
            try await body(PD(endpoints: endpoints, server: server, wall: wall))
        }
    }

    // MARK: /pd/api/v1

    @Test func versionStatusAndCluster() async throws {
        try await Self.withPD { pd in
            let version = try await pd.request("GET", "/pd/api/v1/version")
            #expect(version.status == 200)
            #expect(version.headers["content-type"]?.hasPrefix("application/json") == true)
            #expect(version.matches(["version": "v8.5.8", "build_time": "", "hash": "", "branch": ""]))

            let status = try await pd.request("GET", "/pd/api/v1/status")
            let gitHash = pd.server.instance.gitHash
            #expect(gitHash.count == 40 && gitHash.allSatisfy(\.isHexDigit))
            #expect(
                status.matches([
                    "build_ts": "None", "version": "v8.5.8", "git_hash": gitHash,
                    "start_timestamp": Self.startMilliseconds / 1000,
                ])
            )

            let cluster = try await pd.request("GET", "/pd/api/v1/cluster")
            #expect(cluster.matches(["id": pd.cluster.clusterID, "max_peer_count": 3]))
        }
    }

    @Test func healthAndMembersDescribeOneMember() async throws {
        try await Self.withPD { pd in
            let url = "http://127.0.0.1:\(pd.endpoints.pdPort)"
            let health = try await pd.request("GET", "/pd/api/v1/health")
            #expect(health.status == 200)
            let members = try #require(health.json as? [[String: Any]])
            #expect(members.count == 1)
            #expect(Set(members.first?.keys.map { $0 } ?? []) == ["name", "member_id", "client_urls", "health"])
            #expect(members.first?["client_urls"] as? [String] == [url])
            #expect(members.first?["health"] as? Bool == true)
            // An integer literal, not a float or a string.
            #expect(health.compact.range(of: #""member_id":[0-9]+,"#, options: .regularExpression) != nil)

            let answer = try await pd.request("GET", "/pd/api/v1/members")
            let object = try #require(answer.json as? [String: Any])
            #expect(Set(object.keys) == ["header", "members", "leader", "etcd_leader"])  // no tso_allocator_leaders
            #expect(answer.compact.contains(#"{"cluster_id":\#(pd.cluster.clusterID)}"#))
            let member = try #require((object["members"] as? [[String: Any]])?.first)
            #expect(member["peer_urls"] as? [String] == [url] && member["client_urls"] as? [String] == [url])
            #expect(member["binary_version"] as? String == "v8.5.8")
            #expect(member["git_hash"] as? String == pd.server.instance.gitHash)
            #expect(member["member_id"] as? NSNumber == members.first?["member_id"] as? NSNumber)
            #expect((object["leader"] as? NSDictionary)?.isEqual(to: member) == true)
            #expect((object["etcd_leader"] as? NSDictionary)?.isEqual(to: member) == true)
            // getMembers fills deploy_path on every member (pd-http.md §2.4.1).
            #expect(member["deploy_path"] is String)
        }
    }

    /// Go writes a struct's fields in declaration order (pd-http.md §2: `version`, `build_time`,
    /// `hash`, `branch`; `service_gc_safe_points`, `min_service_gc_safe_point`, `gc_safe_point`; ...).
    /// (Foundation's JSONEncoder on Linux writes keys in hash order, which changes from run to run.)
    @Test func fieldsComeInPDsOrder() async throws {
        try await Self.withPD { pd in
            let version = try await pd.request("GET", "/pd/api/v1/version")
            let status = try await pd.request("GET", "/pd/api/v1/status")
            let safePoints = try await pd.request("GET", "/pd/api/v1/gc/safepoint")
            let health = try await pd.request("GET", "/pd/api/v1/health")
            #expect(version.topLevelKeys == ["version", "build_time", "hash", "branch"])
            #expect(status.topLevelKeys == ["build_ts", "version", "git_hash", "start_timestamp"])
            #expect(
                safePoints.topLevelKeys == ["service_gc_safe_points", "min_service_gc_safe_point", "gc_safe_point"]
            )
            #expect(health.keys(ofFirstObjectAfter: "[") == ["name", "member_id", "client_urls", "health"])
        }
    }

    /// PD renders through unrolled/render with indent on: two spaces, a trailing newline,
    /// `application/json; charset=UTF-8` (pd-http.md §1).
    @Test func bodiesAreRenderedAsPDRendersThem() async throws {
        try await Self.withPD { pd in
            let version = try await pd.request("GET", "/pd/api/v1/version")
            #expect(version.headers["content-type"] == "application/json; charset=UTF-8")
            #expect(
                version.body
                    == "{\n  \"version\": \"v8.5.8\",\n  \"build_time\": \"\",\n  \"hash\": \"\",\n  \"branch\": \"\"\n}\n"
            )
        }
    }

    @Test func gcSafePointsAsPDListsThem() async throws {
        try await Self.withPD { pd in
            let start = Self.startSafePoint
            let initial = try await pd.request("GET", "/pd/api/v1/gc/safepoint")
            #expect(initial.status == 200)
            #expect(
                initial.matches([
                    "service_gc_safe_points": [
                        ["service_id": "gc_worker", "expired_at": Int64.max, "safe_point": start]
                    ],
                    "min_service_gc_safe_point": start, "gc_safe_point": start,
                ])
            )

            let update = #"{"service_id":"ticdc-default-1","safe_point":\#(start + 100),"ttl":10}"#
            let answer = try await pd.request("PUT", "/mock/v1/gc/service-safepoint", body: update)
            #expect(answer.status == 200)
            #expect(answer.matches(["min_service_id": "gc_worker", "min_safe_point": start]))
            // Below the minimum: refused, the minimum answered.
            let below = try await pd.request(
                "PUT",
                "/mock/v1/gc/service-safepoint",
                body: #"{"service_id":"br","safe_point":\#(start - 1),"ttl":600}"#
            )
            #expect(below.matches(["min_service_id": "gc_worker", "min_safe_point": start]))

            let listed = try await pd.request("GET", "/pd/api/v1/gc/safepoint")
            #expect(listed.serviceIDs == ["gc_worker", "ticdc-default-1"])
            let ticdc = ((listed.json as? [String: Any])?["service_gc_safe_points"] as? [[String: Any]])?.last
            #expect(
                ticdc.map(HTTPAnswer.canonical)
                    == HTTPAnswer.canonical([
                        "service_id": "ticdc-default-1", "expired_at": Self.startMilliseconds / 1000 + 10,
                        "safe_point": start + 100,
                    ])
            )

            // Expired: still listed until an update drops it.
            pd.wall.advance(byMilliseconds: 11_000)
            #expect(
                try await pd.request("GET", "/pd/api/v1/gc/safepoint").serviceIDs == ["gc_worker", "ticdc-default-1"]
            )
            _ = try await pd.request(
                "PUT",
                "/mock/v1/gc/service-safepoint",
                body: #"{"service_id":"other","safe_point":\#(start),"ttl":0}"#
            )
            #expect(try await pd.request("GET", "/pd/api/v1/gc/safepoint").serviceIDs == ["gc_worker"])
        }
    }

    /// `DELETE /pd/api/v1/gc/safepoint/{id}`: 200 with PD's string, also for an unknown id; 500 for
    /// `gc_worker` (pd-http.md §2.7).
    @Test func deletingServiceSafePoints() async throws {
        try await Self.withPD { pd in
            _ = try await pd.request(
                "PUT",
                "/mock/v1/gc/service-safepoint",
                body: #"{"service_id":"ticdc-default-1","safe_point":\#(Self.startSafePoint),"ttl":3600}"#
            )
            let deleted = try await pd.request("DELETE", "/pd/api/v1/gc/safepoint/ticdc-default-1")
            #expect(deleted.status == 200)
            #expect(deleted.compact == #""Delete service GC safepoint successfully.""#)
            #expect(try await pd.request("GET", "/pd/api/v1/gc/safepoint").serviceIDs == ["gc_worker"])
            let unknown = try await pd.request("DELETE", "/pd/api/v1/gc/safepoint/nobody")
            #expect(unknown.status == 200 && unknown.compact == deleted.compact)

            let refused = try await pd.request("DELETE", "/pd/api/v1/gc/safepoint/gc_worker")
            #expect(refused.status == 500)
            #expect(refused.compact == #""cannot remove service safe point of gc_worker""#)
            #expect(try await pd.request("GET", "/pd/api/v1/gc/safepoint").serviceIDs == ["gc_worker"])
        }
    }

    /// The mock's gRPC stand-in must refuse what PD refuses: `gc_worker` cannot be removed with a
    /// TTL of zero either (pd-http.md §3.1 step 2).
    @Test func gcWorkerSurvivesAZeroTTLUpdate() async throws {
        try await Self.withPD { pd in
            _ = try await pd.request(
                "PUT",
                "/mock/v1/gc/service-safepoint",
                body: #"{"service_id":"gc_worker","safe_point":0,"ttl":0}"#
            )
            let listed = try await pd.request("GET", "/pd/api/v1/gc/safepoint")
            #expect(listed.serviceIDs == ["gc_worker"])
        }
    }

    // MARK: /mock/v1

    @Test func tsoAndClusterFacts() async throws {
        try await Self.withPD { pd in
            let first = try #require(try await pd.request("POST", "/mock/v1/tso").json as? [String: Any])
            let second = try #require(try await pd.request("POST", "/mock/v1/tso").json as? [String: Any])
            let tso = try #require(first["tso"] as? UInt64)
            let timestamp = try #require(first["timestamp"] as? Int64)
            let logical = try #require(first["logic_time"] as? Int64)
            #expect(timestamp == Self.startMilliseconds)  // the wall clock is frozen
            #expect(tso == UInt64(timestamp) << 18 | UInt64(logical))
            #expect((second["tso"] as? UInt64 ?? 0) > tso)

            let facts = try await pd.request("GET", "/mock/v1/cluster")
            #expect(
                facts.matches([
                    "cluster_id": pd.cluster.clusterID, "gc_safe_point": Self.startSafePoint, "release": "v8.5.8",
                ])
            )
        }
    }

    @Test func keyValuesForTiCDCsMetadata() async throws {
        try await Self.withPD { pd in
            let key = "/tidb/cdc/default/default/changefeed/info/cf"
            let put = try await pd.request("PUT", "/mock/v1/kv?key=\(key)", body: #"{"state":"normal","start-ts":5}"#)
            #expect(put.status == 200 && put.compact == #"{"kvs":[]}"#)
            _ = try await pd.request(
                "PUT",
                "/mock/v1/kv?key=/tidb/cdc/default/default/changefeed/status/cf",
                body: #"{"checkpoint-ts":7}"#
            )
            _ = try await pd.request("PUT", "/mock/v1/kv?key=/other", body: "x")
            #expect(pd.cluster.metadata.value(key) == #"{"state":"normal","start-ts":5}"#)

            let listed = try await pd.request("GET", "/mock/v1/kv?prefix=/tidb/cdc/")
            #expect(
                listed.matches([
                    "kvs": [
                        [
                            "key": "/tidb/cdc/default/default/changefeed/info/cf",
                            "value": #"{"state":"normal","start-ts":5}"#,
                        ],
                        ["key": "/tidb/cdc/default/default/changefeed/status/cf", "value": #"{"checkpoint-ts":7}"#],
                    ]
                ])
            )
            let deleted = try await pd.request("DELETE", "/mock/v1/kv?key=\(key)")
            #expect(deleted.status == 200)
            #expect(pd.cluster.metadata.value(key) == nil)
            #expect(try await pd.request("GET", "/mock/v1/kv?prefix=/nothing").compact == #"{"kvs":[]}"#)

            for (method, target) in [("PUT", "/mock/v1/kv"), ("PUT", "/mock/v1/kv?key="), ("DELETE", "/mock/v1/kv")] {
                let refused = try await pd.request(method, target, body: "v")
                #expect(refused.status == 400, "\(method) \(target)")
                #expect(refused.matches(["error": "key is required"]))
            }
        }
    }

    @Test func tablesWithTheirHandles() async throws {
        try await Self.withPD { pd in
            try await pd.sql(
                """
                CREATE TABLE a (id INT PRIMARY KEY, v INT); CREATE TABLE b (x INT, k INT NOT NULL, UNIQUE KEY uk (k));
                CREATE TABLE c (x INT, y INT)
                """
            )
            let tables = try #require(try await pd.request("GET", "/mock/v1/tables").json as? [[String: Any]])
            let byName = Dictionary(
                uniqueKeysWithValues: tables.compactMap { table in (table["name"] as? String).map { ($0, table) } }
            )
            #expect(byName.keys.sorted() == ["a", "b", "c"])
            #expect(byName["a"]?["database"] as? String == "test")
            #expect(byName["a"]?["columns"] as? [String] == ["id", "v"])
            #expect(byName["a"]?["handle"] as? [Int] == [0])
            #expect(byName["b"]?["handle"] as? [Int] == [1])
            #expect(byName["c"]?["handle"] as? [Int] == [])
            #expect(byName["a"]?["table_id"] is Int)
        }
    }

    @Test func changesAfterATSInCommitOrder() async throws {
        try await Self.withPD { pd in
            try await pd.sql("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))")
            let start = pd.cluster.pd.oracle.next().rawValue
            try await pd.sql(
                "INSERT INTO t VALUES (1, 'a'); BEGIN; UPDATE t SET v = 'b' WHERE id = 1; INSERT INTO t VALUES (2, NULL); COMMIT"
            )
            let answer = try await pd.request("GET", "/mock/v1/changes?after=\(start)&limit=100")
            #expect(answer.status == 200)
            let batch = try #require(answer.json as? [String: Any])
            let events = try #require(batch["events"] as? [[String: Any]])
            #expect(events.map { $0["kind"] as? String } == ["insert", "update", "insert"])
            #expect(
                events.map { ($0["after"] as? [Any])?.map { $0 as? String ?? "NULL" } } == [
                    ["i:1", "s:a"], ["i:1", "s:b"], ["i:2", "NULL"],
                ]
            )
            #expect(events[1]["before"] as? [String] == ["i:1", "s:a"])
            let commits = events.compactMap { $0["commit_ts"] as? UInt64 }
            #expect(commits.count == 3 && commits[0] < commits[1] && commits[1] == commits[2])
            let tableKey = try #require(events[0]["table_key"] as? String)
            #expect(events.allSatisfy { $0["database"] as? String == "test" && $0["table"] as? String == "t" })
            let tables = try #require(batch["tables"] as? [String: [String: Any]])
            #expect(tables[tableKey]?["columns"] as? [String] == ["id", "v"])
            #expect((batch["resolved_ts"] as? UInt64 ?? 0) > commits[2])

            // Cut by the limit: whole commits, resolved at the last one.
            let first = try #require(
                try await pd.request("GET", "/mock/v1/changes?after=\(start)&limit=2").json as? [String: Any]
            )
            #expect((first["events"] as? [Any])?.count == 3)
            #expect(first["resolved_ts"] as? UInt64 == commits[2])
        }
    }

    /// With `wait_ms`, an empty window waits for the next commit instead of answering at once.
    @Test func changesWaitForTheNextCommit() async throws {
        try await Self.withPD { pd in
            try await pd.sql("CREATE TABLE t (id INT PRIMARY KEY)")
            let after = pd.cluster.pd.oracle.next().rawValue
            let clock = ContinuousClock()
            let started = clock.now
            async let waiting = pd.request("GET", "/mock/v1/changes?after=\(after)&wait_ms=8000")
            try await pd.sql("INSERT INTO t VALUES (42)")
            let answer = try await waiting
            #expect(clock.now - started < .seconds(8))
            let events = (answer.json as? [String: Any])?["events"] as? [[String: Any]]
            #expect(events?.map { $0["after"] as? [String] } == [["i:42"]])
        }
    }

    /// 410 Gone once GC has passed the requested TS (TiCDC's ErrSnapshotLostByGC).
    @Test func changesBelowTheGCSafePointAreGone() async throws {
        try await Self.withPD { pd in
            let old = pd.cluster.pd.oracle.next().rawValue
            let safePoint = pd.cluster.pd.advanceGCSafePoint(to: pd.cluster.pd.oracle.next()).rawValue
            let gone = try await pd.request("GET", "/mock/v1/changes?after=\(old)")
            #expect(gone.status == 410)
            #expect(
                gone.matches([
                    "error": "changes after \(old) were collected by GC; the GC safe point is \(safePoint)",
                    "gc_safe_point": safePoint,
                ])
            )
            #expect(try await pd.request("GET", "/mock/v1/changes?after=\(safePoint)").status == 200)
        }
    }

    // MARK: Bad input

    @Test func badInputGetsAClear4xxAndTheServerGoesOn() async throws {
        try await Self.withPD { pd in
            for (method, target) in [
                ("GET", "/pd/api/v1/nope"), ("GET", "/mock/v1/nope"), ("GET", "/"), ("POST", "/pd/api/v1/version"),
            ] {
                let status = try await pd.request(method, target).status
                #expect((400..<500).contains(status), "\(method) \(target): \(status)")
            }
            for query in ["", "?after=", "?after=abc", "?after=-1", "?after=1e5", "?after=18446744073709551616"] {
                let answer = try await pd.request("GET", "/mock/v1/changes\(query)")
                #expect(answer.status == 400, "\(query)")
                #expect(answer.matches(["error": "after=<TSO> is required"]))
            }
            for body in [
                "{not json", "", #"{"service_id":"x","safe_point":1}"#,
                #"{"service_id":"x","safe_point":1,"ttl":"ten"}"#,
                #"{"service_id":"x","safe_point":-1,"ttl":10}"#, #"[1,2]"#,
            ] {
                let status = try await pd.request("PUT", "/mock/v1/gc/service-safepoint", body: body).status
                #expect(status == 400, "\(body): \(status)")
            }
            // Garbage on the wire.
            try await blocking {
                let socket = try RawSocket(port: pd.endpoints.pdPort)
                socket.send(Array("NOT HTTP AT ALL\r\n\r\n".utf8))
                _ = socket.readUntilClosed()
            }
            #expect(try await pd.request("GET", "/pd/api/v1/version").status == 200)
        }
    }

    /// `limit` and `wait_ms` that are not numbers should be refused like `after`, not silently
    /// replaced by defaults.
    @Test func badLimitAndWaitAreRefused() async throws {
        try await Self.withPD { pd in
            let after = pd.cluster.pd.oracle.next().rawValue
            let limit = try await pd.request("GET", "/mock/v1/changes?after=\(after)&limit=many")
            let wait = try await pd.request("GET", "/mock/v1/changes?after=\(after)&wait_ms=soon")
            #expect(limit.status == 400)
            #expect(wait.status == 400)
            #expect(try await pd.request("GET", "/mock/v1/changes?after=\(after)&limit=0").status == 400)
            #expect(try await pd.request("GET", "/mock/v1/changes?after=\(after)&wait_ms=-1").status == 400)
            let format = try await pd.request("GET", "/mock/v1/changes?after=\(after)&format=xml")
            #expect(format.status == 400)
            #expect(format.body.contains("format must be json or binary"))
            let binary = try await pd.request("GET", "/mock/v1/changes?after=\(after)&format=binary")
            #expect(binary.status == 200 && binary.headers["content-type"] == "application/x-mock-tidb-changes")
            #expect(binary.body.hasPrefix("MTCS"))
        }
    }
}

/// One HTTP/1.1 exchange over a plain socket (`Connection: close`), parsed.
struct HTTPAnswer: Sendable {
    var status: Int
    /// Lower-cased names.
    var headers: [String: String]
    var body: String

    static func exchange(port: Int, _ method: String, _ target: String, body: String?) async throws -> HTTPAnswer {
        try await blocking { try Self.exchangeNow(port: port, method, target, body: body) }
    }

    /// The same, blocking the calling thread (for tests already inside `blocking`).
    static func exchangeNow(port: Int, _ method: String, _ target: String, body: String?) throws -> HTTPAnswer {
        let socket = try RawSocket(port: port)
        var request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let body {
            request += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
        }
        socket.send(Array((request + "\r\n" + (body ?? "")).utf8))
        return try HTTPAnswer(parsing: socket.readUntilClosed().bytes)
    }

    init(parsing bytes: [UInt8]) throws {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            throw RawSocketError(what: "no HTTP head in \(bytes.count) bytes", code: 0)
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusWords = lines[0].split(separator: " ")
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else {
            throw RawSocketError(what: "bad status line \(lines[0])", code: 0)
        }
        self.status = status
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces
            )
        }
        self.headers = headers
        var payload = Array(bytes[(end + separator.count)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var decoded: [UInt8] = []
            while let lineEnd = payload.indices.first(where: { payload[$0...].starts(with: [13, 10]) }),
                let size = Int(String(decoding: payload[..<lineEnd], as: UTF8.self), radix: 16), size > 0
            {
                decoded += payload[(lineEnd + 2)..<(lineEnd + 2 + size)]
                payload = Array(payload[(lineEnd + 2 + size + 2)...])
            }
            payload = decoded
        } else if let length = headers["content-length"].flatMap(Int.init) {
            payload = Array(payload.prefix(length))
        }
        self.body = String(decoding: payload, as: UTF8.self)
    }

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(self.body.utf8), options: [.fragmentsAllowed]) }

    /// Whether the body is this JSON object, whatever the key order and integer types.
    func matches(_ expected: [String: Any]) -> Bool {
        self.json.map(Self.canonical) == Self.canonical(expected)
    }

    /// Objects with sorted keys, integers as decimal text: equal JSON, equal text.
    static func canonical(_ value: Any) -> String {
        switch value {
        case let text as String: return "\"\(text)\""
        case let object as [String: Any]:
            return "{" + object.keys.sorted().map { "\($0):" + Self.canonical(object[$0]!) }.joined(separator: ",")
                + "}"
        case let array as [Any]: return "[" + array.map(Self.canonical).joined(separator: ",") + "]"
        case let integer as any BinaryInteger: return "\(integer)"
        case let number as NSNumber: return number.stringValue
        case is NSNull: return "null"
        default: return "\(value)"
        }
    }

    /// The body without whitespace outside strings: the same text whether PD-style indented or not.
    var compact: String {
        var output = ""
        var inString = false
        var escaped = false
        for character in self.body {
            if inString {
                output.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
            } else if character == "\"" {
                inString = true
                output.append(character)
            } else if !character.isWhitespace {
                output.append(character)
            }
        }
        return output
    }

    /// The keys of the outermost object, in order.
    var topLevelKeys: [String] { Self.keys(in: self.compact, from: self.compact.startIndex) }

    /// The keys, in order, of the object that starts right after `prefix`.
    func keys(ofFirstObjectAfter prefix: String) -> [String] {
        let text = self.compact
        guard text.hasPrefix(prefix) else { return [] }
        return Self.keys(in: text, from: text.index(text.startIndex, offsetBy: prefix.count))
    }

    /// `service_id`s of `GET /pd/api/v1/gc/safepoint`, in order.
    var serviceIDs: [String] {
        let list = (self.json as? [String: Any])?["service_gc_safe_points"] as? [[String: Any]]
        return list?.compactMap { $0["service_id"] as? String } ?? []
    }

    /// Keys at depth one of the compact object starting at `start`.
    private static func keys(in text: String, from start: String.Index) -> [String] {
        var keys: [String] = []
        var depth = 0
        var index = start
        var inString = false
        var current = ""
        var expectingKey = false
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if character == "\\" {
                    current.append(character)
                    index = text.index(after: index)
                    if index < text.endIndex { current.append(text[index]) }
                } else if character == "\"" {
                    inString = false
                    if expectingKey && depth == 1 { keys.append(current) }
                    expectingKey = false
                } else {
                    current.append(character)
                }
            } else {
                switch character {
                case "\"":
                    inString = true
                    current = ""
                case "{":
                    depth += 1
                    expectingKey = depth == 1
                case "[": depth += 1
                case "}", "]":
                    depth -= 1
                    if depth == 0 { return keys }
                case ",": expectingKey = depth == 1
                default: break
                }
            }
            index = text.index(after: index)
        }
        return keys
    }
}
