import FoundationEssentials
import Testing

@testable import TiCDCCore

/// A changefeed as kept in PD's etcd and as the API shows it (ticdc-api.md §2.4, §2.5, §2.10,
/// §9; filter-and-sink.md §d.2 for the keys BR reads).
@Suite struct ChangefeedRecordTests {
    /// 2024-09-19 10:10:46.963 UTC, the seed's TSO example.
    static let created: Int64 = 1_726_740_646_963
    static let startTS = TiCDCTime.tso(milliseconds: created, logical: 1)

    static func record(state: FeedState = .normal) -> ChangefeedRecord {
        var record = ChangefeedRecord(
            namespace: "default",
            id: "dr-primary-to-secondary",
            upstreamID: 7_452_112_345_678_901_234,
            upstreamPD: "http://10.0.1.1:2379",
            sinkURI: "mysql://root:s3cret@10.1.1.4:4000/?safe-mode=true",
            createMilliseconds: created,
            startTS: startTS,
            targetTS: 0,
            config: ReplicaConfig(),
            creatorVersion: "v8.5.8"
        )
        record.state = state
        return record
    }

    static let failure = RunningError(
        .snapshotLostByGC(checkpoint: 10, safePoint: 20),
        address: "127.0.0.1:8300",
        atMilliseconds: created + 1000
    )

    @Test func newRecordStartsNormalAtItsStartTS() {
        let record = Self.record()
        #expect(record.state == .normal)
        #expect(record.checkpointTS == Self.startTS && record.resolvedTS == Self.startTS)
        #expect(record.adminJobType == 0)
    }

    @Test func infoMasksThePasswordAndOmitsEmptyFields() {
        let info = Self.record().info()
        #expect(info.sinkURI == "mysql://root:xxxxx@10.1.1.4:4000/?safe-mode=true")
        #expect(info.upstreamID == 7_452_112_345_678_901_234)
        #expect(info.startTS == Self.startTS)
        #expect(info.targetTS == nil)  // 0: omitempty
        #expect(info.adminJobType == nil)
        #expect(info.state == "normal")
        #expect(info.error == nil)
        #expect(info.creatorVersion == "v8.5.8")
        #expect(info.checkpointTS == Self.startTS && info.resolvedTS == Self.startTS)
        #expect(info.createTime == TiCDCTime.rfc3339(milliseconds: Self.created))
        #expect(info.checkpointTime == TiCDCTime.checkpointTime(milliseconds: Self.created))
    }

    /// `admin_job_type`: stopped/failed/pending 1, finished 4, removed 3, normal/warning 0 (§2.4).
    @Test func adminJobTypeFollowsTheState() {
        let types = FeedState.allCases.map { "\($0.rawValue)=\(Self.record(state: $0).adminJobType)" }
        #expect(types == ["normal=0", "pending=1", "failed=1", "stopped=1", "removed=3", "finished=4", "warning=0"])
    }

    /// GET: the raw state, `error` without `time` only while failed, warning or pending, resolved
    /// 0 while not running.
    @Test func getShowsTheErrorOnlyWhereTiCDCDoes() {
        for state in FeedState.allCases {
            var record = Self.record(state: state)
            record.error = Self.failure
            let info = record.info()
            #expect(info.state == state.rawValue)
            let shown = state == .failed || state == .warning || state == .pending
            #expect((info.error != nil) == shown, "\(state)")
            #expect(info.resolvedTS == (state.isRunning ? Self.startTS : 0), "\(state)")
        }
        var failed = Self.record(state: .failed)
        failed.error = Self.failure
        #expect(
            failed.info().error
                == TiCDCAPI.RunningErrorBody(
                    time: nil,
                    addr: "127.0.0.1:8300",
                    code: "CDC:ErrSnapshotLostByGC",
                    message:
                        "[CDC:ErrSnapshotLostByGC]fail to create or maintain changefeed due to snapshot loss caused by GC. "
                        + "checkpoint-ts 10 is earlier than or equal to GC safepoint at 20"
                )
        )
    }

    /// The list: `pending` as `warning`, the error (else the warning) with its time, null while
    /// normal, stopped, finished or removed (§2.5).
    @Test func listItemMapsPendingAndCarriesTheErrorTime() {
        var pending = Self.record(state: .pending)
        pending.warning = Self.failure
        let item = pending.commonInfo()
        #expect(item.state == "warning")
        #expect(item.error?.time == TiCDCTime.rfc3339(milliseconds: Self.created + 1000))
        #expect(item.error?.code == "CDC:ErrSnapshotLostByGC")
        #expect(item.checkpointTSO == Self.startTS)

        var stopped = Self.record(state: .stopped)
        stopped.error = Self.failure
        #expect(stopped.commonInfo().error == nil)
        #expect(stopped.commonInfo().state == "stopped")
    }

    @Test func statusShowsLastErrorWhenFailedAndLastWarningWhileRetrying() {
        var failed = Self.record(state: .failed)
        failed.error = Self.failure
        #expect(failed.status().lastError?.code == "CDC:ErrSnapshotLostByGC")
        #expect(failed.status().lastWarning == nil)
        #expect(failed.status().state == "failed")

        var warning = Self.record(state: .warning)
        warning.warning = Self.failure
        #expect(warning.status().lastWarning?.time == TiCDCTime.rfc3339(milliseconds: Self.created + 1000))
        #expect(warning.status().lastError == nil)
        #expect(
            Self.record().status()
                == TiCDCAPI.ChangefeedStatus(state: "normal", resolvedTS: Self.startTS, checkpointTS: Self.startTS)
        )
    }

    /// The etcd value uses TiCDC's hyphenated keys; BR reads `state`, `start-ts` and the status's
    /// `checkpoint-ts` (filter-and-sink.md §d.2).
    @Test func storedWithTiCDCsHyphenatedKeysAndRoundTrips() throws {
        var record = Self.record(state: .stopped)
        record.error = Self.failure
        let data = try JSONEncoder().encode(record)
        let object = try JSONDecoder().decode([String: JSONValue].self, from: data)
        #expect(
            Set(object.keys) == [
                "namespace", "changefeed-id", "upstream-id", "upstream-pd", "sink-uri", "create-time-ms", "start-ts",
                "target-ts", "config", "state", "error", "creator-version", "checkpoint-ts", "resolved-ts",
            ]
        )
        #expect(object["state"] == .string("stopped"))
        #expect(object["start-ts"] == .unsigned(Self.startTS) || object["start-ts"] == .integer(Int64(Self.startTS)))
        // The sink URI is kept whole in etcd; only the API masks it.
        #expect(object["sink-uri"] == .string("mysql://root:s3cret@10.1.1.4:4000/?safe-mode=true"))
        #expect(try JSONDecoder().decode(ChangefeedRecord.self, from: data) == record)
    }

    @Test func etcdKeysAreTiCDCs() {
        #expect(
            ChangefeedRecord.infoKey(clusterID: "default", namespace: "default", id: "cf")
                == "/tidb/cdc/default/default/changefeed/info/cf"
        )
        #expect(
            ChangefeedRecord.statusKey(clusterID: "dr", namespace: "ns1", id: "cf")
                == "/tidb/cdc/dr/ns1/changefeed/status/cf"
        )
    }

    /// `^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$`, at most 128 characters (§2.2).
    @Test func idsFollowTiCDCsPattern() {
        for valid in ["cf", "dr-primary-to-secondary", "A1-b2-C3", String(repeating: "a", count: 128)] {
            #expect(ChangefeedRecord.isValidID(valid), "\(valid)")
        }
        for invalid in [
            "", "-cf", "cf-", "a--b", "a_b", "a.b", "a b", "DR_TiCDC", "é", String(repeating: "a", count: 129),
        ] {
            #expect(!ChangefeedRecord.isValidID(invalid), "\(invalid)")
        }
    }

    @Test func sinkURIPasswordsAreMasked() {
        #expect(SinkURI.masked("mysql://root:123456@127.0.0.1:3306/") == "mysql://root:xxxxx@127.0.0.1:3306/")
        #expect(SinkURI.masked("tidb://u:p@h:4000/?worker-count=16") == "tidb://u:xxxxx@h:4000/?worker-count=16")
        // Go's URL redaction masks an empty password too.
        #expect(SinkURI.masked("mysql://root:@10.1.1.4:4000") == "mysql://root:xxxxx@10.1.1.4:4000")
        #expect(SinkURI.masked("mysql://root@10.1.1.4:4000") == "mysql://root@10.1.1.4:4000")
        #expect(SinkURI.masked("blackhole://") == "blackhole://")
        #expect(SinkURI.masked("not a uri") == "not a uri")
    }

    /// Go's `url.Parse` takes the userinfo up to the authority's last `@`, and the authority ends
    /// at the first `/`, `?` or `#`: nothing past it is userinfo.
    @Test func maskingStaysInsideTheAuthority() {
        #expect(SinkURI.masked("mysql://root:p@ss@10.1.1.4:4000/") == "mysql://root:xxxxx@10.1.1.4:4000/")
        #expect(
            SinkURI.masked("mysql://10.1.1.4:4000/?ssl-ca=/certs/a@b.pem")
                == "mysql://10.1.1.4:4000/?ssl-ca=/certs/a@b.pem"
        )
        #expect(SinkURI.masked("mysql://h:4000?user=a:b@c") == "mysql://h:4000?user=a:b@c")
        #expect(SinkURI.masked("mysql://h:4000#a:b@c") == "mysql://h:4000#a:b@c")
        #expect(SinkURI.masked("mysql://u:p@h:4000?ssl-ca=a@b") == "mysql://u:xxxxx@h:4000?ssl-ca=a@b")
        #expect(SinkURI.masked("mysql://u:p:q@h") == "mysql://u:xxxxx@h")
    }
}

extension TiCDCAPI.ChangefeedStatus {
    init(state: String, resolvedTS: UInt64, checkpointTS: UInt64) {
        self.init(state: state, resolvedTS: resolvedTS, checkpointTS: checkpointTS, lastError: nil, lastWarning: nil)
    }
}
