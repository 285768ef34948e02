/// A changefeed as the server keeps it in the upstream PD's metadata store, as TiCDC keeps it in
/// PD's etcd: the info (`/tidb/cdc/<cluster-id>/<namespace>/changefeed/info/<id>`) and the status
/// (`.../changefeed/status/<id>`), hyphenated keys as in TiCDC's etcd values.
public struct ChangefeedRecord: Codable, Sendable, Equatable {
    public var namespace: String
    public var id: String
    /// The upstream's PD cluster id and address (the server's own `--pd` or the create's `pd_addrs`).
    public var upstreamID: UInt64
    public var upstreamPD: String
    public var sinkURI: String
    public var createMilliseconds: Int64
    public var startTS: UInt64
    public var targetTS: UInt64
    public var config: ReplicaConfig
    public var state: FeedState
    public var error: RunningError?
    public var warning: RunningError?
    public var creatorVersion: String
    public var checkpointTS: UInt64
    public var resolvedTS: UInt64

    public init(
        namespace: String,
        id: String,
        upstreamID: UInt64,
        upstreamPD: String,
        sinkURI: String,
        createMilliseconds: Int64,
        startTS: UInt64,
        targetTS: UInt64,
        config: ReplicaConfig,
        creatorVersion: String
    ) {
        self.namespace = namespace
        self.id = id
        self.upstreamID = upstreamID
        self.upstreamPD = upstreamPD
        self.sinkURI = sinkURI
        self.createMilliseconds = createMilliseconds
        self.startTS = startTS
        self.targetTS = targetTS
        self.config = config
        self.state = .normal
        self.creatorVersion = creatorVersion
        self.checkpointTS = startTS
        self.resolvedTS = startTS
    }

    enum CodingKeys: String, CodingKey {
        case namespace, config, state, error, warning
        case id = "changefeed-id"
        case upstreamID = "upstream-id"
        case upstreamPD = "upstream-pd"
        case sinkURI = "sink-uri"
        case createMilliseconds = "create-time-ms"
        case startTS = "start-ts"
        case targetTS = "target-ts"
        case creatorVersion = "creator-version"
        case checkpointTS = "checkpoint-ts"
        case resolvedTS = "resolved-ts"
    }

    /// TiCDC's `admin_job_type` for the state (`patchState`): stop 1, finish 4, none 0.
    public var adminJobType: Int {
        switch self.state {
        case .stopped, .failed, .pending: 1
        case .finished: 4
        case .removed: 3
        case .normal, .warning: 0
        }
    }

    /// The etcd keys TiCDC uses.
    public static func infoKey(clusterID: String, namespace: String, id: String) -> String {
        "/tidb/cdc/\(clusterID)/\(namespace)/changefeed/info/\(id)"
    }

    public static func statusKey(clusterID: String, namespace: String, id: String) -> String {
        "/tidb/cdc/\(clusterID)/\(namespace)/changefeed/status/\(id)"
    }

    /// `^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$`, at most 128 characters (ids, namespaces, cluster ids).
    public static func isValidID(_ id: String) -> Bool {
        guard !id.isEmpty, id.count <= 128, id.first != "-", id.last != "-", !id.contains("--") else { return false }
        return id.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-"
        }
    }

    // MARK: API views

    /// `GET /api/v2/changefeeds/{id}`: the raw state, `error` without its time and only while not
    /// normal, stopped, finished or removed; the sink URI's password masked.
    public func info() -> TiCDCAPI.ChangeFeedInfo {
        TiCDCAPI.ChangeFeedInfo(
            upstreamID: self.upstreamID,
            namespace: self.namespace,
            id: self.id,
            sinkURI: SinkURI.masked(self.sinkURI),
            createTime: TiCDCTime.rfc3339(milliseconds: self.createMilliseconds),
            startTS: self.startTS == 0 ? nil : self.startTS,
            targetTS: self.targetTS == 0 ? nil : self.targetTS,
            adminJobType: self.adminJobType == 0 ? nil : self.adminJobType,
            config: self.config,
            state: self.state.rawValue,
            error: self.showsError ? self.error.map { self.body($0, withTime: false) } : nil,
            creatorVersion: self.creatorVersion,
            resolvedTS: self.state.isRunning ? self.resolvedTS : 0,
            checkpointTS: self.checkpointTS,
            checkpointTime: TiCDCTime.checkpointTime(milliseconds: TiCDCTime.milliseconds(ofTSO: self.checkpointTS))
        )
    }

    /// An item of the list: `pending` as `warning`, the running error (else the warning) with its
    /// time, null while normal, stopped, finished or removed.
    public func commonInfo() -> TiCDCAPI.ChangefeedCommonInfo {
        TiCDCAPI.ChangefeedCommonInfo(
            upstreamID: self.upstreamID,
            namespace: self.namespace,
            id: self.id,
            state: self.state.listed.rawValue,
            checkpointTSO: self.checkpointTS,
            checkpointTime: TiCDCTime.checkpointTime(milliseconds: TiCDCTime.milliseconds(ofTSO: self.checkpointTS)),
            error: self.showsError ? (self.error ?? self.warning).map { self.body($0, withTime: true) } : nil
        )
    }

    /// `GET /api/v2/changefeeds/{id}/status`.
    public func status() -> TiCDCAPI.ChangefeedStatus {
        TiCDCAPI.ChangefeedStatus(
            state: self.state.rawValue,
            resolvedTS: self.resolvedTS,
            checkpointTS: self.checkpointTS,
            lastError: self.showsError ? self.error.map { self.body($0, withTime: true) } : nil,
            lastWarning: self.state == .warning || self.state == .pending
                ? self.warning.map { self.body($0, withTime: true) } : nil
        )
    }

    var showsError: Bool {
        switch self.state {
        case .normal, .stopped, .finished, .removed: false
        case .failed, .warning, .pending: true
        }
    }

    func body(_ error: RunningError, withTime: Bool) -> TiCDCAPI.RunningErrorBody {
        TiCDCAPI.RunningErrorBody(
            time: withTime ? TiCDCTime.rfc3339(milliseconds: error.timeMilliseconds) : nil,
            addr: error.address,
            code: error.code,
            message: error.message
        )
    }
}

/// Sink URIs (`[scheme]://[user[:password]@]host:port[/]?params`, ticdc-api.md §9).
public enum SinkURI {
    /// The password as `xxxxx`, as TiCDC answers (`MaskSinkURI`, Go's `URL.Redacted`). As Go's
    /// `url.Parse` reads it, the authority runs from `://` to the first `/`, `?` or `#`; in it,
    /// the last `@` ends the userinfo, whose first `:` starts the password.
    public static func masked(_ uri: String) -> String {
        let characters = Array(uri)
        guard let schemeEnd = Self.index(of: "://", in: characters) else { return uri }
        let start = schemeEnd + 3
        let end = characters[start...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? characters.endIndex
        guard let at = characters[start..<end].lastIndex(of: "@"),
            let colon = characters[start..<at].firstIndex(of: ":")
        else { return uri }
        return String(characters[...colon]) + "xxxxx" + String(characters[at...])
    }

    public static func index(of needle: String, in characters: [Character]) -> Int? {
        let pattern = Array(needle)
        guard characters.count >= pattern.count else { return nil }
        return (0...(characters.count - pattern.count)).first {
            characters[$0..<($0 + pattern.count)].elementsEqual(pattern)
        }
    }
}
