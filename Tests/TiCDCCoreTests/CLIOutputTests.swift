import GoFormats
import Testing

@testable import TiCDCCLI
@testable import TiCDCCore

/// `cdc cli`'s output without a server: Go's `encoding/json` (`json.Marshal` and
/// `json.MarshalIndent(v, "", "  ")`), the shapes of cli.md §2, and Go durations.
@Suite struct CLIOutputTests {
    static func keys(_ json: GoJSON) -> [String] {
        guard case .object(let entries) = json else { return [] }
        return entries.map(\.0)
    }

    @Test func indentedAsMarshalIndentWritesIt() {
        let value = GoJSON.object([
            ("id", .string("cf")), ("n", .int(UInt64.max)), ("ok", .bool(true)), ("none", .null),
            ("list", .array([.string("x"), .object([("k", .int(-1))])])), ("empty", .object([])), ("no", .array([])),
        ])
        #expect(
            value.indented == """
                {
                  "id": "cf",
                  "n": 18446744073709551615,
                  "ok": true,
                  "none": null,
                  "list": [
                    "x",
                    {
                      "k": -1
                    }
                  ],
                  "empty": {},
                  "no": []
                }
                """
        )
        #expect(
            value.compact
                == #"{"id":"cf","n":18446744073709551615,"ok":true,"none":null,"list":["x",{"k":-1}],"empty":{},"no":[]}"#
        )
        #expect(GoJSON.array([]).indented == "[]")
    }

    /// Go escapes `<`, `>`, `&` (HTML-safe), control characters as `\u00xx` in lower-case hex
    /// except `\n`, `\r`, `\t`.
    @Test func stringsEscapeAsGoDoes() {
        #expect(GoJSON.quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(GoJSON.quoted("<a&b>") == #""\u003ca\u0026b\u003e""#)
        #expect(GoJSON.quoted("l1\nl2\r\t") == #""l1\nl2\r\t""#)
        #expect(GoJSON.quoted("\u{1}\u{1F}") == #""\u0001\u001f""#)
        #expect(GoJSON.quoted("汉字 ✓ /") == "\"汉字 ✓ /\"")
    }

    /// Go always writes U+2028 and U+2029 as `\u2028`/`\u2029`, and since Go 1.22 `\b` and `\f`
    /// as short escapes (TiCDC v8.5 is built with Go 1.23).
    @Test func stringsEscapeLineSeparatorsAsGoDoes() {
        #expect(GoJSON.quoted("a\u{2028}b\u{2029}") == #""a\u2028b\u2029""#)
        #expect(GoJSON.quoted("\u{8}\u{C}") == #""\b\f""#)
    }

    /// The replica config in TiCDC's struct order (cli.md §4.3), unknown keys after, sorted.
    @Test func replicaConfigKeysInStructOrder() {
        let config = GoJSON(ReplicaConfig().tree.merging(.object(["zz_extra": .integer(1), "aa_extra": .integer(2)])))
        #expect(
            Self.keys(config) == [
                "memory_quota", "case_sensitive", "force_replicate", "ignore_ineligible_table", "check_gc_safe_point",
                "enable_sync_point", "enable_table_monitor", "bdr_mode", "sync_point_interval", "sync_point_retention",
                "filter", "mounter", "sink", "consistent", "scheduler", "integrity", "changefeed_error_stuck_duration",
                "synced_status", "aa_extra", "zz_extra",
            ]
        )
        guard case .object(let entries) = config, let consistent = entries.first(where: { $0.0 == "consistent" })?.1
        else {
            Issue.record("no consistent block")
            return
        }
        #expect(
            Self.keys(consistent) == [
                "level", "max_log_size", "flush_interval", "meta_flush_interval", "encoding_worker_num",
                "flush_worker_num",
                "storage", "use_file_backend", "memory_usage",
            ]
        )
        #expect(
            GoJSON(.object(["sync_point_interval": .integer(600_000_000_000)])).compact
                == #"{"sync_point_interval":600000000000}"#
        )
    }

    static func info(state: FeedState, error: RunningError? = nil) -> TiCDCAPI.ChangeFeedInfo {
        var record = ChangefeedRecord(
            namespace: "default",
            id: "cf",
            upstreamID: 7,
            upstreamPD: "http://127.0.0.1:2379",
            sinkURI: "mysql://root:pw@127.0.0.1:4000",
            createMilliseconds: 1_726_740_646_963,
            startTS: 452_654_700_157_468_672,
            targetTS: 0,
            config: ReplicaConfig(),
            creatorVersion: "v8.5.8"
        )
        record.state = state
        record.error = error
        return record.info()
    }

    /// `query` without `-s`: `cfMeta`'s keys, `create_time` as `2006-01-02 15:04:05.000`, `error`
    /// without `time` and only when present (cli.md §2.2).
    @Test func fullQueryShape() {
        let normal = CLICommands.fullQuery(Self.info(state: .normal))
        #expect(
            Self.keys(normal) == [
                "upstream_id", "namespace", "id", "sink_uri", "config", "create_time", "start_ts", "resolved_ts",
                "target_ts", "checkpoint_tso", "checkpoint_time", "state", "creator_version",
            ]
        )
        #expect(normal.compact.contains(#""sink_uri":"mysql://root:xxxxx@127.0.0.1:4000","#))
        #expect(normal.compact.contains(#""target_ts":0,"#))
        let created = TiCDCTime.checkpointTime(milliseconds: 1_726_740_646_963)
        #expect(normal.compact.contains(#""create_time":"\#(created)","#))

        let error = RunningError(.snapshotLostByGC(checkpoint: 1, safePoint: 2), address: "a:8300", atMilliseconds: 0)
        let failed = CLICommands.fullQuery(Self.info(state: .failed, error: error))
        #expect(Self.keys(failed).suffix(3) == ["state", "error", "creator_version"])
        #expect(
            failed.compact.contains(
                #""error":{"addr":"a:8300","code":"CDC:ErrSnapshotLostByGC","message":"[CDC:ErrSnapshotLostByGC]fail to create"#
            )
        )
    }

    /// The create/update `Info:` line: `ChangeFeedInfo`'s order, omitempty fields left out.
    @Test func infoLineShape() {
        let info = CLICommands.info(Self.info(state: .normal))
        #expect(
            Self.keys(info) == [
                "upstream_id", "namespace", "id", "sink_uri", "create_time", "start_ts", "config", "state",
                "creator_version", "resolved_ts", "checkpoint_ts", "checkpoint_time",
            ]
        )
        #expect(
            info.compact.hasPrefix(
                #"{"upstream_id":7,"namespace":"default","id":"cf","sink_uri":"mysql://root:xxxxx@127.0.0.1:4000","#
            )
        )
        let stopped = CLICommands.info(Self.info(state: .stopped))
        #expect(Self.keys(stopped).contains("admin_job_type"))
        #expect(stopped.compact.contains(#""admin_job_type":1,"#))
    }

    /// `query -s`: the list item, `error` with `time`, always present (cli.md §2.2, ticdc-api.md §4.1).
    @Test func simpleQueryShape() {
        let item = TiCDCAPI.ChangefeedCommonInfo(
            upstreamID: 7,
            namespace: "default",
            id: "cf",
            state: "warning",
            checkpointTSO: 452_654_700_157_468_672,
            checkpointTime: "2024-09-19 10:10:46.963",
            error: .init(
                time: "2024-09-19T10:10:47Z",
                addr: "a:8300",
                code: "CDC:ErrMySQLTxnError",
                message: "[CDC:ErrMySQLTxnError]MySQL txn error: x"
            )
        )
        #expect(
            CLICommands.commonInfo(item).indented == """
                {
                  "upstream_id": 7,
                  "namespace": "default",
                  "id": "cf",
                  "state": "warning",
                  "checkpoint_tso": 452654700157468672,
                  "checkpoint_time": "2024-09-19 10:10:46.963",
                  "error": {
                    "time": "2024-09-19T10:10:47Z",
                    "addr": "a:8300",
                    "code": "CDC:ErrMySQLTxnError",
                    "message": "[CDC:ErrMySQLTxnError]MySQL txn error: x"
                  }
                }
                """
        )
        var normal = item
        normal.error = nil
        #expect(CLICommands.commonInfo(normal).compact.hasSuffix(#""error":null}"#))
    }

    @Test func plainTimeKeepsTheWallClockAndMilliseconds() {
        #expect(CLICommands.plainTime("2024-01-02T03:04:05.123+08:00") == "2024-01-02 03:04:05.123")
        #expect(CLICommands.plainTime("2024-01-02T03:04:05Z") == "2024-01-02 03:04:05.000")
        #expect(CLICommands.plainTime("2024-01-02T03:04:05.5-07:00") == "2024-01-02 03:04:05.500")
        #expect(CLICommands.plainTime("2024-01-02T03:04:05.123456789Z") == "2024-01-02 03:04:05.123")
        #expect(CLICommands.plainTime("garbage") == "garbage")
    }

    @Test func failuresPrintErrorAndExitOne() {
        #expect(
            CLIOutput.failure("[CDC:ErrChangeFeedNotExists]changefeed not exists, cf")
                == CLIOutput(
                    standardOutput: "",
                    standardError: "Error: [CDC:ErrChangeFeedNotExists]changefeed not exists, cf\n",
                    exitCode: 1
                )
        )
        let removal = CLICommands.removeFailed("cf", "boom")
        #expect(removal.exitCode == 1)
        #expect(removal.standardError == "Error: boom\n")
        #expect(removal.standardOutput == "Changefeed remove failed.\nID: cf\nError: boom\n")
    }

    /// Go's `time.Duration.String` (the create prompt's lag: `26h0m0s`, cli.md §2.1).
    @Test func goDurations() {
        #expect(CLICommands.goDuration(milliseconds: 93_600_000) == "26h0m0s")
        #expect(GoDuration.format(0) == "0s")
        #expect(GoDuration.format(600_000_000_000) == "10m0s")
        #expect(GoDuration.format(5_400_000_000_000) == "1h30m0s")
        #expect(GoDuration.format(1_500_000_000) == "1.5s")
        #expect(GoDuration.format(500_000_000) == "500ms")
        #expect(GoDuration.format(1_500) == "1.5µs")
        #expect(GoDuration.format(999) == "999ns")
        #expect(GoDuration.format(-90_000_000_000) == "-1m30s")
        #expect(GoDuration.parse("1h30m") == 5_400_000_000_000)
        #expect(GoDuration.parse("1.5s") == 1_500_000_000)
        #expect(GoDuration.parse("-2m") == -120_000_000_000)
        #expect(GoDuration.parse("300ms") == 300_000_000)
        #expect(GoDuration.parse("0") == 0)
        for bad in ["", "10", "1d", "h", "1h 30m", "-", "1..5s"] {
            #expect(GoDuration.parse(bad) == nil, "\(bad)")
        }
    }
}
