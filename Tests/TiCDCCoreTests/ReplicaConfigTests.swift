import FoundationEssentials
import Testing

@testable import TiCDCCore

/// `replica_config`: TiCDC v8.5's defaults, the client's keys merged over them, durations as
/// integer nanoseconds, and `ValidateAndAdjust`'s refusals (ticdc-api.md §1.5, §2.3, §7, §8).
@Suite struct ReplicaConfigTests {
    static func decode(_ json: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func defaultsAreTiCDCs() throws {
        let config = ReplicaConfig()
        let tree = config.tree
        #expect(tree["memory_quota"] == .integer(1_073_741_824))
        #expect(tree["case_sensitive"] == .bool(false))
        #expect(tree["check_gc_safe_point"] == .bool(true))
        #expect(tree["enable_sync_point"] == .bool(false))
        #expect(tree["bdr_mode"] == .bool(false))
        #expect(tree["sync_point_interval"] == .integer(600_000_000_000))
        #expect(tree["sync_point_retention"] == .integer(86_400_000_000_000))
        #expect(tree["changefeed_error_stuck_duration"] == .integer(1_800_000_000_000))
        #expect(tree.value(at: "mounter.worker_num") == .integer(16))
        #expect(tree.value(at: "filter.rules") == .array([.string("*.*")]))
        #expect(
            try Self.encode(tree["consistent"])
                == #"{"encoding_worker_num":16,"flush_interval":2000,"flush_worker_num":8,"level":"none","max_log_size":64,"#
                + #""memory_usage":{"memory_quota_percentage":50},"meta_flush_interval":200,"storage":"","use_file_backend":false}"#
        )
        #expect(tree.value(at: "synced_status.synced_check_interval") == .integer(300))
        #expect(tree.value(at: "synced_status.checkpoint_interval") == .integer(15))
        #expect(tree.value(at: "scheduler.region_threshold") == .integer(100_000))
        #expect(tree.value(at: "integrity.corruption_handle_level") == .string("warn"))
        // What the mock acts on.
        #expect(config.filterRules == ["*.*"])
        #expect(!config.caseSensitive && !config.forceReplicate && !config.ignoreIneligibleTable)
        #expect(!config.safeMode && !config.bdrMode && !config.enableSyncPoint)
        #expect(config.consistentLevel == "none")
        #expect(config.syncPointInterval == .seconds(600))
        #expect(config.syncPointRetention == .seconds(86_400))
        #expect(config.errorStuckDuration == .seconds(1800))
        #expect(try ReplicaConfig(merging: nil) == config)
    }

    /// A partial `replica_config` (or partial nested object) keeps the defaults it omits.
    @Test func clientKeysMergeOverTheDefaults() throws {
        let overlay = try Self.decode(
            #"{"case_sensitive":true,"force_replicate":true,"filter":{"rules":["app.*","!app.tmp*"]},"#
                + #""sink":{"safe_mode":true},"consistent":{"max_log_size":128},"unknown_key":{"kept":1}}"#
        )
        let config = try ReplicaConfig(merging: overlay)
        #expect(config.caseSensitive && config.forceReplicate && config.safeMode)
        #expect(config.filterRules == ["app.*", "!app.tmp*"])
        #expect(config.tree.value(at: "consistent.max_log_size") == .integer(128))
        #expect(config.tree.value(at: "consistent.flush_interval") == .integer(2000))
        #expect(config.tree.value(at: "sink.encoder_concurrency") == .integer(32))
        #expect(config.tree.value(at: "unknown_key.kept") == .integer(1))
    }

    /// Durations are accepted as nanoseconds or as Go duration text and kept as nanoseconds (§1.5).
    @Test func durationsBecomeNanoseconds() throws {
        let config = try ReplicaConfig(
            merging: Self.decode(
                #"{"enable_sync_point":true,"sync_point_interval":"1m30s","sync_point_retention":7200000000000,"#
                    + #""changefeed_error_stuck_duration":"1h"}"#
            )
        )
        #expect(config.tree["sync_point_interval"] == .integer(90_000_000_000))
        #expect(config.tree["sync_point_retention"] == .integer(7_200_000_000_000))
        #expect(config.syncPointInterval == .seconds(90))
        #expect(config.errorStuckDuration == .seconds(3600))
        #expect(try Self.encode(config).contains(#""sync_point_interval":90000000000,"#))

        let bad = #expect(throws: TiCDCError.self) {
            try ReplicaConfig(merging: .object(["sync_point_interval": .string("ten minutes")]))
        }
        #expect(bad?.code == "CDC:ErrAPIInvalidParam")
        #expect(bad?.httpStatus == 400)
        #expect(throws: TiCDCError.self) { try ReplicaConfig(merging: .object(["sync_point_retention": .bool(true)])) }
    }

    /// Redo is refused with a clear error until the mock writes a redo log.
    @Test func eventualConsistencyIsValidatedAsTiCDCDoes() throws {
        let config = try ReplicaConfig(
            merging: Self.decode(
                #"{"consistent":{"level":"eventual","storage":"s3://redo/cf?endpoint=http://127.0.0.1:9","flush_interval":0}}"#
            )
        )
        #expect(config.redoStorage == "s3://redo/cf?endpoint=http://127.0.0.1:9")
        #expect(config.redoFlushInterval == .milliseconds(2000))
        #expect(config.redoMetaFlushInterval == .milliseconds(200))
        #expect(config.redoMaxLogSize == 64)
        for (json, text) in [
            (
                #"{"consistent":{"level":"eventual","storage":"file:///tmp/r","flush_interval":20}}"#,
                "The consistent.flush-interval:20 must be equal or greater than 50"
            ),
            (
                #"{"consistent":{"level":"eventual","storage":"file:///tmp/r","meta_flush_interval":10}}"#,
                "The consistent.meta-flush-interval:10 must be equal or greater than 50"
            ),
            (
                #"{"consistent":{"level":"eventual","storage":"file:///tmp/r","compression":"zstd"}}"#,
                "compression:zstd"
            ),
            (#"{"consistent":{"level":"eventual","storage":""}}"#, "consistent.storage"),
            (#"{"consistent":{"level":"eventual","storage":"gcs://bucket/r"}}"#, "gcs://bucket/r"),
        ] {
            let error = #expect(throws: TiCDCError.self) { try ReplicaConfig(merging: Self.decode(json)) }
            #expect(error?.code == "CDC:ErrInvalidReplicaConfig")
            #expect(error?.message.contains(text) == true, "\(json)")
        }

        let unknown = #expect(throws: TiCDCError.self) {
            try ReplicaConfig(merging: .object(["consistent": .object(["level": .string("strong")])]))
        }
        #expect(unknown?.code == "CDC:ErrInvalidReplicaConfig")
    }

    /// §7: with sync points on, the interval must be ≥ 30 s and the retention ≥ 1 h, in Go's words.
    @Test func syncPointBoundsAreChecked() throws {
        let interval = #expect(throws: TiCDCError.self) {
            try ReplicaConfig(merging: Self.decode(#"{"enable_sync_point":true,"sync_point_interval":"10s"}"#))
        }
        #expect(
            interval?.message
                == "[CDC:ErrInvalidReplicaConfig]invalid replica config, The SyncPointInterval:10s must be larger than 30s"
        )
        let retention = #expect(throws: TiCDCError.self) {
            try ReplicaConfig(merging: Self.decode(#"{"enable_sync_point":true,"sync_point_retention":"30m"}"#))
        }
        #expect(
            retention?.message
                == "[CDC:ErrInvalidReplicaConfig]invalid replica config, The SyncPointRetention:30m0s must be larger than 1h0m0s"
        )
        // Off, the bounds are not checked.
        #expect(throws: Never.self) { try ReplicaConfig(merging: Self.decode(#"{"sync_point_interval":"10s"}"#)) }
        #expect(throws: Never.self) {
            try ReplicaConfig(
                merging: Self.decode(
                    #"{"enable_sync_point":true,"sync_point_interval":"30s","sync_point_retention":"1h"}"#
                )
            )
        }
    }

    /// `changefeed_error_stuck_duration` has a 30-minute minimum (ticdc-api.md §3; cli.md §4.1:
    /// "The ChangefeedErrorStuckDuration:<f> must be larger than 1800.000000 Seconds").
    @Test func stuckDurationBelowThirtyMinutesIsRefused() {
        let error = #expect(throws: TiCDCError.self) {
            try ReplicaConfig(merging: .object(["changefeed_error_stuck_duration": .string("10m")]))
        }
        #expect(error?.code == "CDC:ErrInvalidReplicaConfig")
        #expect(
            error?.message
                == "[CDC:ErrInvalidReplicaConfig]invalid replica config, The ChangefeedErrorStuckDuration:600.000000 must be larger than 1800.000000 Seconds"
        )
        #expect((try? ReplicaConfig(merging: .object(["changefeed_error_stuck_duration": .string("30m")]))) != nil)
    }

    @Test func badFilterRulesAndNonObjectsAreRefused() {
        let rule = #expect(throws: TiCDCError.self) {
            try ReplicaConfig(merging: .object(["filter": .object(["rules": .array([.string("app")])])]))
        }
        #expect(rule?.code == "CDC:ErrFilterRuleInvalid")
        let array = #expect(throws: TiCDCError.self) { try ReplicaConfig(merging: .array([])) }
        #expect(array?.code == "CDC:ErrAPIInvalidParam")
    }

    @Test func decodingKeepsTheTreeAsSent() throws {
        let text = #"{"a":[1,-2,18446744073709551615,0.5,"s",true,null],"b":{"c":{}}}"#
        let value = try Self.decode(text)
        #expect(
            value
                == .object([
                    "a": .array([
                        .integer(1), .integer(-2), .unsigned(.max), .double(0.5), .string("s"), .bool(true), .null,
                    ]),
                    "b": .object(["c": .object([:])]),
                ])
        )
        #expect(try Self.encode(value) == text)
        let config = try JSONDecoder().decode(ReplicaConfig.self, from: Data(text.utf8))
        #expect(config.tree == value)
    }

    @Test func jsonValueAccessors() {
        #expect(JSONValue.integer(5).int64Value == 5)
        #expect(JSONValue.unsigned(7).int64Value == 7)
        #expect(JSONValue.unsigned(.max).int64Value == nil)
        #expect(JSONValue.double(3).int64Value == 3)
        #expect(JSONValue.double(3.5).int64Value == nil)
        #expect(JSONValue.string("x").int64Value == nil)
        #expect(JSONValue.string("x").stringValue == "x" && JSONValue.bool(true).stringValue == nil)
        #expect(JSONValue.bool(false).boolValue == false && JSONValue.null.boolValue == nil)
        #expect(JSONValue.array([.null]).arrayValue == [.null])
        #expect(JSONValue.string("x")["k"] == nil)
        #expect(JSONValue.object(["a": .object(["b": .integer(1)])]).value(at: "a.b") == .integer(1))
        #expect(JSONValue.object(["a": .integer(1)]).value(at: "a.b") == nil)
    }

    @Test func mergingAndSettingPaths() {
        let base: JSONValue = .object([
            "a": .object(["x": .integer(1), "y": .integer(2)]), "list": .array([.integer(1)]),
        ])
        let merged = base.merging(.object(["a": .object(["y": .integer(3)]), "list": .array([]), "new": .bool(true)]))
        #expect(
            merged
                == .object([
                    "a": .object(["x": .integer(1), "y": .integer(3)]), "list": .array([]), "new": .bool(true),
                ])
        )
        // Anything but two objects: the overlay replaces.
        #expect(JSONValue.integer(1).merging(.string("s")) == .string("s"))
        #expect(base.merging(.null) == .null)

        var tree: JSONValue = .object(["a": .integer(1)])
        tree.set(.string("deep"), at: "b.c.d")
        tree.set(.integer(2), at: "a")
        #expect(tree == .object(["a": .integer(2), "b": .object(["c": .object(["d": .string("deep")])])]))
        tree.set(.bool(true), at: "a.x")  // a scalar on the way becomes an object
        #expect(tree.value(at: "a.x") == .bool(true))
    }
}
