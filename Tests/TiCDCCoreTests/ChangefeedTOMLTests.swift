import Testing

@testable import TiCDCCLI
@testable import TiCDCCore

/// `--config FILE.toml` to the v2 `replica_config` (cli.md §4): hyphens to underscores, two
/// renames, strict about unknown keys.
@Suite struct ChangefeedTOMLTests {
    /// The seed runbook's `changefeed.toml`, as written there (seed 002).
    static let seed = """
        [consistent]
        # eventual consistency: redo logs are used to ensure eventual consistency in disaster scenarios.
        level = "eventual"
        # The size of a single redo log, in MiB. The default value is 64, and the recommended value is less than 128.
        max-log-size = 64
        # The interval for refreshing or uploading redo logs to Amazon S3, in milliseconds. The default value is 1000, and the recommended value range is 500-2000.
        flush-interval = 2000
        # The path where redo logs are saved.
        storage = "s3://redo?access-key=minio&secret-access-key=miniostorage&endpoint=http://10.0.1.10:6060&force-path-style=true"
        """

    static let storage =
        "s3://redo?access-key=minio&secret-access-key=miniostorage&endpoint=http://10.0.1.10:6060&force-path-style=true"

    @Test func seedsFileBecomesTheConsistentBlock() throws {
        let value = try ChangefeedTOML.replicaConfig(Self.seed, path: "changefeed.toml")
        #expect(
            value
                == .object([
                    "consistent": .object([
                        "level": .string("eventual"), "max_log_size": .integer(64), "flush_interval": .integer(2000),
                        "storage": .string(Self.storage),
                    ])
                ])
        )
        // Over the defaults: what the CLI sends (cli.md §4.2).
        let merged = ReplicaConfig.defaults.merging(value)
        #expect(
            merged["consistent"]
                == .object([
                    "level": .string("eventual"), "max_log_size": .integer(64), "flush_interval": .integer(2000),
                    "meta_flush_interval": .integer(200), "encoding_worker_num": .integer(16),
                    "flush_worker_num": .integer(8),
                    "storage": .string(Self.storage), "use_file_backend": .bool(false),
                    "memory_usage": .object(["memory_quota_percentage": .integer(50)]),
                ])
        )
        // And the server takes it: a redo log on that S3 storage, flushed every 2 s.
        let config = try ReplicaConfig(merging: value)
        #expect(config.consistentLevel == "eventual" && config.redoStorage == Self.storage)
        #expect(config.redoFlushInterval == .milliseconds(2000) && config.redoMaxLogSize == 64)
    }

    @Test func keysMapToTheirJSONNames() throws {
        let text = """
            case-sensitive = true
            force-replicate = true
            enable-sync-point = true
            sync-point-interval = "1m"
            sync-point-retention = 7200000000000
            changefeed-error-stuck-duration = "45m"
            bdr-mode = true

            [filter]
            rules = ['app.*', '!app.tmp_*']

            [[filter.event-filters]]
            matcher = ["app.orders"]
            ignore-event = ["delete"]

            [mounter]
            worker-num = 8

            [sink]
            safe-mode = true
            file-index-digit = 6
            advance-timeout-in-sec = 300
            send-all-bootstrap-at-start = true
            dispatchers = [{matcher = ['*.*'], partition = "ts"}]

            [consistent.memory-usage]
            memory-quota-percentage = 30

            [synced-status]
            synced-check-interval = 120
            """
        let value = try ChangefeedTOML.replicaConfig(text, path: "cf.toml")
        #expect(value["case_sensitive"] == .bool(true))
        #expect(value["sync_point_interval"] == .string("1m"))  // Go text, read by the server
        #expect(value["sync_point_retention"] == .integer(7_200_000_000_000))  // an integer is nanoseconds
        #expect(value.value(at: "filter.rules") == .array([.string("app.*"), .string("!app.tmp_*")]))
        #expect(
            value.value(at: "filter.event_filters")
                == .array([
                    .object(["matcher": .array([.string("app.orders")]), "ignore_event": .array([.string("delete")])])
                ])
        )
        #expect(value.value(at: "mounter.worker_num") == .integer(8))
        #expect(value.value(at: "sink.safe_mode") == .bool(true))
        #expect(value.value(at: "sink.file_index_width") == .integer(6))
        #expect(value.value(at: "sink.advance_timeout") == .integer(300))
        #expect(value.value(at: "sink")?["send-all-bootstrap-at-start"] == .bool(true))
        #expect(
            value.value(at: "sink.dispatchers")
                == .array([.object(["matcher": .array([.string("*.*")]), "partition": .string("ts")])])
        )
        #expect(value.value(at: "consistent.memory_usage.memory_quota_percentage") == .integer(30))
        #expect(value.value(at: "synced_status.synced_check_interval") == .integer(120))

        let config = try ReplicaConfig(merging: value)
        #expect(
            config.caseSensitive && config.forceReplicate && config.bdrMode && config.safeMode && config.enableSyncPoint
        )
        #expect(config.syncPointInterval == .seconds(60))
        #expect(config.syncPointRetention == .seconds(7200))
        #expect(config.errorStuckDuration == .seconds(2700))
        #expect(config.filterRules == ["app.*", "!app.tmp_*"])
    }

    /// `component TiCDC changefeed's config file <path> contained unknown configuration options: <keys>`.
    @Test func unknownKeysAreAnError() {
        let text = """
            case-sensitiv = true
            [filter]
            rule = ["*.*"]
            [consistent]
            level = "none"
            foo = 1
            [[filter.event-filters]]
            matchers = ["a.b"]
            [sink.mysql-config]
            anything = "goes"
            """
        let failure = #expect(throws: ChangefeedTOML.Failure.self) {
            try ChangefeedTOML.replicaConfig(text, path: "./changefeed.toml")
        }
        #expect(
            failure?.message
                == "component TiCDC changefeed's config file ./changefeed.toml contained unknown configuration options: "
                + "case-sensitiv, consistent.foo, filter.event-filters.matchers, filter.rule"
        )
    }

    /// Invalid TOML: `toml: line <n>...` (cli.md §4.1).
    @Test func badTOMLNamesTheLine() {
        let failure = #expect(throws: ChangefeedTOML.Failure.self) {
            try ChangefeedTOML.replicaConfig("[consistent]\nlevel = \n", path: "changefeed.toml")
        }
        #expect(failure?.message.hasPrefix("toml: line 2") == true)
        let unterminated = #expect(throws: ChangefeedTOML.Failure.self) {
            try ChangefeedTOML.replicaConfig("case-sensitive = true\n[sink\n", path: "changefeed.toml")
        }
        #expect(unterminated?.message.hasPrefix("toml: line 2") == true)
        #expect(throws: ChangefeedTOML.Failure.self) {
            try ChangefeedTOML.replicaConfig("memory-quota = 1\nmemory-quota = 2\n", path: "changefeed.toml")
        }
    }

    @Test func emptyFileChangesNothing() throws {
        #expect(try ChangefeedTOML.replicaConfig("# nothing\n", path: "x.toml") == .object([:]))
        #expect(try ReplicaConfig(merging: ChangefeedTOML.replicaConfig("", path: "x.toml")) == ReplicaConfig())
    }
}
