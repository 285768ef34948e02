import FoundationEssentials
import MySQLTypes
import Testing

@testable import TiCDCCore

#if canImport(Glibc)
import Glibc
#endif

/// Errors, times and the v2 bodies as TiCDC writes them (ticdc-api.md §1.2–1.5, §2).
@Suite struct APIModelTests {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: TiCDCError

    @Test func errorMessagesCarryTheirCode() {
        #expect(TiCDCError.changefeedNotExists("cf").message == "[CDC:ErrChangeFeedNotExists]changefeed not exists, cf")
        #expect(
            TiCDCError.changefeedAlreadyExists("cf").message
                == "[CDC:ErrChangeFeedAlreadyExists]changefeed already exists, cf"
        )
        #expect(
            TiCDCError.startTSBeforeGC(startTS: 5, safePoint: 6).message
                == "[CDC:ErrStartTsBeforeGC]fail to create or maintain changefeed because start-ts 5 is earlier than or equal to GC safepoint at 6"
        )
        #expect(
            TiCDCError.gcTTLExceeded(checkpoint: 7, changefeed: "cf").message
                == "[CDC:ErrGCTTLExceeded]the checkpoint-ts(7) lag of the changefeed(cf) has exceeded the GC TTL and the changefeed is blocking global GC progression"
        )
        #expect(
            TiCDCError.targetTSBeforeStartTS(targetTS: 1, startTS: 2).message
                == "[CDC:ErrTargetTsBeforeStartTs]fail to create changefeed because target-ts 1 is earlier than start-ts 2"
        )
        #expect(
            TiCDCError.updateRefused("can only update changefeed config when it is stopped or failed").message
                == "[CDC:ErrChangefeedUpdateRefused]changefeed update error: can only update changefeed config when it is stopped or failed"
        )
        #expect(TiCDCError.clusterUnhealthy().message == "[CDC:ErrClusterIsUnhealthy]TiCDC cluster is unhealthy")
        // Plain Go errors carry no code and no prefix.
        let plain = TiCDCError(code: "", text: "coordinator is not fully initialized, wait a moment")
        #expect(plain.message == "coordinator is not fully initialized, wait a moment")
        #expect("\(plain)" == plain.message)
    }

    /// `ErrorHandleMiddleware`: the bad-request list is 400, everything else 500 (§1.3).
    @Test func httpStatusesAreClassicTiCDCs() {
        let badRequest: [TiCDCError] = [
            .invalidParameter("x"), .sinkURIInvalid("x"), .startTSBeforeGC(startTS: 1, safePoint: 1),
            .changefeedNotExists("x"), .targetTSBeforeStartTS(targetTS: 1, startTS: 2), .updateRefused("x"),
            .mysqlConnection("x"), TiCDCError(code: "CDC:ErrTableIneligible", text: ""),
            TiCDCError(code: "CDC:ErrFilterRuleInvalid", text: ""),
            TiCDCError(code: "CDC:ErrMySQLInvalidConfig", text: ""),
            TiCDCError(code: "CDC:ErrCaptureNotExist", text: ""),
            TiCDCError(code: "CDC:ErrSchedulerRequestFailed", text: ""),
        ]
        for error in badRequest { #expect(error.httpStatus == 400, "\(error.code)") }
        let serverError: [TiCDCError] = [
            .changefeedAlreadyExists("x"), .invalidReplicaConfig("x"), .pdUnreachable("x"), .clusterUnhealthy(),
            .mysqlTransaction("x"), .snapshotLostByGC(checkpoint: 1, safePoint: 2), .unretryable("x"),
            TiCDCError(code: "", text: "plain"),
        ]
        for error in serverError { #expect(error.httpStatus == 500, "\(error.code)") }
    }

    @Test func gcAndConfigErrorsAreUnretryable() {
        #expect(TiCDCError.snapshotLostByGC(checkpoint: 1, safePoint: 2).isUnretryable)
        #expect(TiCDCError.gcTTLExceeded(checkpoint: 1, changefeed: "c").isUnretryable)
        #expect(TiCDCError.startTSBeforeGC(startTS: 1, safePoint: 2).isUnretryable)
        #expect(TiCDCError.sinkURIInvalid("x").isUnretryable)
        #expect(TiCDCError(code: "CDC:ErrMySQLInvalidConfig", text: "").isUnretryable)
        #expect(TiCDCError.unretryable("x").isUnretryable)
        // A broken downstream is retried (filter-and-sink.md §c.2).
        #expect(!TiCDCError.mysqlConnection("refused").isUnretryable)
        #expect(!TiCDCError.mysqlTransaction("Error 1146").isUnretryable)
        #expect(!TiCDCError.pdUnreachable("x").isUnretryable)
    }

    // MARK: TiCDCTime

    /// The local wall clock of `seconds`, read with `localtime_r` (Go's `time.Local`).
    static func local(_ seconds: Int64) -> (date: String, time: String, offset: Int) {
        var clock = time_t(seconds)
        var parts = tm()
        localtime_r(&clock, &parts)
        return (
            "\((parts.tm_year + 1900).zeroPadded(4))-\((parts.tm_mon + 1).zeroPadded(2))-\(parts.tm_mday.zeroPadded(2))",
            "\(parts.tm_hour.zeroPadded(2)):\(parts.tm_min.zeroPadded(2)):\(parts.tm_sec.zeroPadded(2))",
            Int(parts.tm_gmtoff)
        )
    }

    /// TSO = physical ms << 18 | logical (§1.5); pd-ctl's example 395181938313123110 is
    /// 1507499459507 ms and logical 120102 (§11.3).
    @Test func tsoAndMillisecondsConvert() {
        #expect(TiCDCTime.milliseconds(ofTSO: 395_181_938_313_123_110) == 1_507_499_459_507)
        #expect(TiCDCTime.tso(milliseconds: 1_507_499_459_507, logical: 120_102) == 395_181_938_313_123_110)
        #expect(TiCDCTime.tso(milliseconds: 1_726_740_646_963) == 452_654_700_157_468_672)
        #expect(TiCDCTime.tso(milliseconds: -5) == 0)
        #expect(TiCDCAPI.TSO(timestamp: 1_507_499_459_507, logicTime: 120_102).rawValue == 395_181_938_313_123_110)
    }

    @Test func checkpointTimeIsMillisecondsInLocalTime() {
        let milliseconds: Int64 = 1_726_740_646_963
        let local = Self.local(milliseconds / 1000)
        #expect(TiCDCTime.checkpointTime(milliseconds: milliseconds) == "\(local.date) \(local.time).963")
        #expect(TiCDCTime.checkpointTime(milliseconds: 1_726_740_646_000).hasSuffix(".000"))
        #expect(TiCDCTime.checkpointTime(milliseconds: 1_726_740_646_007).hasSuffix(".007"))
    }

    /// Go's RFC 3339 with nanoseconds: trailing zeros of the fraction trimmed, `Z` for UTC.
    @Test func rfc3339TrimsTheFractionAndWritesTheOffset() {
        let local = Self.local(1_726_740_646)
        let offset: String
        if local.offset == 0 {
            offset = "Z"
        } else {
            let minutes = abs(local.offset) / 60
            offset =
                (local.offset < 0 ? "-" : "+") + (minutes / 60).zeroPadded(2) + ":" + (minutes % 60).zeroPadded(2)
        }
        let prefix = "\(local.date)T\(local.time)"
        #expect(TiCDCTime.rfc3339(milliseconds: 1_726_740_646_963) == prefix + ".963" + offset)
        #expect(TiCDCTime.rfc3339(milliseconds: 1_726_740_646_960) == prefix + ".96" + offset)
        #expect(TiCDCTime.rfc3339(milliseconds: 1_726_740_646_900) == prefix + ".9" + offset)
        #expect(TiCDCTime.rfc3339(milliseconds: 1_726_740_646_000) == prefix + offset)
        #expect(TiCDCTime.rfc3339(milliseconds: 1_726_740_646_050) == prefix + ".05" + offset)
    }

    // MARK: API bodies

    @Test func errorBodyIsErrorMsgAndErrorCode() throws {
        let body = TiCDCAPI.ErrorBody(.changefeedNotExists("cf"))
        #expect(
            try Self.json(body)
                == #"{"error_code":"CDC:ErrChangeFeedNotExists","error_msg":"[CDC:ErrChangeFeedNotExists]changefeed not exists, cf"}"#
        )
    }

    @Test func createBodyDecodesTiCDCsFieldNames() throws {
        let text = #"""
            {"namespace":"default","changefeed_id":"cf","start_ts":452654700157468672,"target_ts":0,
             "sink_uri":"mysql://root@127.0.0.1:4000","replica_config":{"bdr_mode":true},
             "pd_addrs":["http://10.0.1.1:2379"],"ca_path":"","cert_allowed_cn":["x"],"unknown":1}
            """#
        let config = try JSONDecoder().decode(TiCDCAPI.ChangefeedConfig.self, from: Data(text.utf8))
        #expect(config.changefeedID == "cf" && config.namespace == "default")
        #expect(config.startTS == 452_654_700_157_468_672 && config.targetTS == 0)
        #expect(config.sinkURI == "mysql://root@127.0.0.1:4000")
        #expect(config.replicaConfig == .object(["bdr_mode": .bool(true)]))
        #expect(config.pdAddresses == ["http://10.0.1.1:2379"])
        #expect(config.certAllowedCN == ["x"])
        // Only what was set goes out.
        #expect(
            try Self.json(TiCDCAPI.ChangefeedConfig(changefeedID: "cf", sinkURI: "blackhole://"))
                == #"{"changefeed_id":"cf","sink_uri":"blackhole://"}"#
        )
        #expect(
            try Self.json(TiCDCAPI.ResumeChangefeedConfig(overwriteCheckpointTS: 5))
                == #"{"overwrite_checkpoint_ts":5}"#
        )
        #expect(try Self.json(TiCDCAPI.ResumeChangefeedConfig()) == "{}")
        #expect(try Self.json(TiCDCAPI.Empty()) == "{}")
    }

    /// `ChangefeedCommonInfo` always has `error`, null when there is none (§2.5).
    @Test func listItemAlwaysHasError() throws {
        let item = TiCDCAPI.ChangefeedCommonInfo(
            upstreamID: 7,
            namespace: "default",
            id: "cf",
            state: "normal",
            checkpointTSO: 452_654_700_157_468_672,
            checkpointTime: "2024-09-19 10:10:46.963",
            error: nil
        )
        #expect(
            try Self.json(TiCDCAPI.List(items: [item]))
                == #"{"items":[{"checkpoint_time":"2024-09-19 10:10:46.963","checkpoint_tso":452654700157468672,"#
                + #""error":null,"id":"cf","namespace":"default","state":"normal","upstream_id":7}],"total":1}"#
        )
    }

    @Test func infoOmitsEmptyFieldsButAlwaysHasTimesAndTSOs() throws {
        var record = ChangefeedRecord(
            namespace: "default",
            id: "cf",
            upstreamID: 7,
            upstreamPD: "http://127.0.0.1:2379",
            sinkURI: "blackhole://",
            createMilliseconds: 0,
            startTS: 0,
            targetTS: 0,
            config: ReplicaConfig(),
            creatorVersion: "v8.5.8"
        )
        record.config = try ReplicaConfig(merging: .object([:]))
        let object = try JSONDecoder().decode([String: JSONValue].self, from: JSONEncoder().encode(record.info()))
        #expect(
            Set(object.keys) == [
                "upstream_id", "namespace", "id", "sink_uri", "create_time", "config", "state", "creator_version",
                "resolved_ts", "checkpoint_ts", "checkpoint_time",
            ]
        )
    }

    @Test func serverBodiesUseSnakeCase() throws {
        #expect(
            try Self.json(
                TiCDCAPI.ServerStatus(
                    version: "v8.5.8",
                    gitHash: "abc",
                    id: "u",
                    clusterID: "default",
                    pid: 9,
                    isOwner: true,
                    liveness: 0
                )
            )
                == #"{"cluster_id":"default","git_hash":"abc","id":"u","is_owner":true,"liveness":0,"pid":9,"version":"v8.5.8"}"#
        )
        #expect(
            try Self.json(TiCDCAPI.Capture(id: "u", isOwner: true, address: "127.0.0.1:8300", clusterID: "default"))
                == #"{"address":"127.0.0.1:8300","cluster_id":"default","id":"u","is_owner":true}"#
        )
        #expect(try Self.json(TiCDCAPI.TSO(timestamp: 1, logicTime: 2)) == #"{"logic_time":2,"timestamp":1}"#)
        #expect(
            try Self.json(
                TiCDCAPI.SyncedStatus(
                    synced: true,
                    sinkCheckpointTS: "a",
                    pullerResolvedTS: "b",
                    lastSyncedTS: "c",
                    nowTS: "d",
                    info: "e"
                )
            )
                == #"{"info":"e","last_synced_ts":"c","now_ts":"d","puller_resolved_ts":"b","sink_checkpoint_ts":"a","synced":true}"#
        )
        // Both table lists are omitted when empty.
        #expect(try Self.json(TiCDCAPI.VerifiedTables(ineligibleTables: [], eligibleTables: [])) == "{}")
        #expect(
            try Self.json(
                TiCDCAPI.VerifiedTables(
                    ineligibleTables: [.init(databaseName: "app", tableName: "log", tableID: 102)],
                    eligibleTables: []
                )
            )
                == #"{"ineligible_tables":[{"database_name":"app","is_partition":false,"table_id":102,"table_name":"log"}]}"#
        )
    }
}
