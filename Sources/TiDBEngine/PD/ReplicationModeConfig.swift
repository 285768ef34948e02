import GoFormats

/// PD's `replication-mode` configuration (`server/config`: `ReplicationModeConfig`), as
/// `GET /pd/api/v1/config/replication-mode` shows it and `pd-ctl config set replication-mode`
/// changes it. Durations are Go durations; `pause-region-split` is a JSON string, as PD's
/// `json:",string"` tag makes it.
public struct ReplicationModeConfig: Sendable, Equatable {
    public enum Mode: String, Sendable {
        case majority
        case drAutoSync = "dr-auto-sync"

        /// PD's `NormalizeReplicationMode`: case-insensitive, `_` for `-`.
        public init?(normalizing text: String) {
            self.init(rawValue: text.lowercased().replacing("_", with: "-"))
        }
    }

    public struct DRAutoSync: Sendable, Equatable {
        public var labelKey = ""
        public var primary = ""
        public var dr = ""
        public var primaryReplicas = 0
        public var drReplicas = 0
        /// How long a store must be unreachable before PD counts it down (PD's default 1m).
        public var waitStoreTimeout: Duration = .seconds(60)
        /// How long `async` lasts at least before `sync_recover` once the DR is back (default 0).
        public var waitRecoverTimeout: Duration = .zero
        public var pauseRegionSplit = false

        public init() {}
    }

    public var mode: Mode = .majority
    public var drAutoSync = DRAutoSync()

    public init() {}

    /// A change as the JSON body of `POST /pd/api/v1/config/replication-mode` gives it: the
    /// fields present, each still as PD would read it.
    public struct Patch: Sendable, Equatable {
        public var mode: String?
        public var labelKey: String?
        public var primary: String?
        public var dr: String?
        public var primaryReplicas: Int?
        public var drReplicas: Int?
        public var waitStoreTimeout: String?
        public var waitRecoverTimeout: String?
        public var pauseRegionSplit: String?

        public init() {}
    }

    /// PD's errors for a change it refuses: the HTTP status and the JSON string it answers.
    public struct Rejection: Error, Sendable, Equatable {
        public var status: Int
        public var message: String

        public init(status: Int, message: String) {
            self.status = status
            self.message = message
        }
    }

    /// The configuration after `patch`, or PD's rejection: a field PD cannot decode is 400 (the
    /// body is not applied), an unknown mode 500 `invalid replication mode: <mode>`.
    public func applying(_ patch: Patch) throws(Rejection) -> ReplicationModeConfig {
        var next = self
        var modeText = self.mode.rawValue
        if let mode = patch.mode { modeText = mode }
        if let value = patch.labelKey { next.drAutoSync.labelKey = value }
        if let value = patch.primary { next.drAutoSync.primary = value }
        if let value = patch.dr { next.drAutoSync.dr = value }
        if let value = patch.primaryReplicas { next.drAutoSync.primaryReplicas = value }
        if let value = patch.drReplicas { next.drAutoSync.drReplicas = value }
        if let text = patch.waitStoreTimeout { next.drAutoSync.waitStoreTimeout = try Self.duration(text) }
        if let text = patch.waitRecoverTimeout { next.drAutoSync.waitRecoverTimeout = try Self.duration(text) }
        if let text = patch.pauseRegionSplit {
            // Go's strconv.ParseBool, which the `,string` tag uses.
            switch text {
            case "1", "t", "T", "true", "TRUE", "True": next.drAutoSync.pauseRegionSplit = true
            case "0", "f", "F", "false", "FALSE", "False": next.drAutoSync.pauseRegionSplit = false
            default:
                throw Rejection(
                    status: 400,
                    message: "json: invalid use of ,string struct tag, trying to unmarshal \"\(text)\" into bool"
                )
            }
        }
        guard let mode = Mode(normalizing: modeText) else {
            throw Rejection(status: 500, message: "invalid replication mode: \(modeText)")
        }
        next.mode = mode
        return next
    }

    private static func duration(_ text: String) throws(Rejection) -> Duration {
        guard let nanoseconds = GoDuration.parse(text) else {
            throw Rejection(status: 400, message: "time: invalid duration \"\(text)\"")
        }
        return .nanoseconds(nanoseconds)
    }
}
