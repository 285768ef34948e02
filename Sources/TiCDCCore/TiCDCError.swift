/// A TiCDC error as its API reports it: the RFC code, the message (which TiCDC prefixes with
/// `[code]`), and the HTTP status its error middleware picks (ticdc-api.md §1.2–1.4).
public struct TiCDCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    /// The text after `[code]`.
    public var text: String

    public init(code: String, text: String) {
        self.code = code
        self.text = text
    }

    /// `error_msg` as TiCDC writes it.
    public var message: String { self.code.isEmpty ? self.text : "[\(self.code)]\(self.text)" }
    public var description: String { self.message }

    /// Classic TiCDC's `ErrorHandleMiddleware`: these are 400, the rest 500.
    public var httpStatus: Int {
        Self.badRequestCodes.contains(self.code) ? 400 : 500
    }

    static let badRequestCodes: Set<String> = [
        "CDC:ErrAPIInvalidParam", "CDC:ErrSinkURIInvalid", "CDC:ErrStartTsBeforeGC", "CDC:ErrChangeFeedNotExists",
        "CDC:ErrTargetTsBeforeStartTs", "CDC:ErrTableIneligible", "CDC:ErrFilterRuleInvalid",
        "CDC:ErrChangefeedUpdateRefused", "CDC:ErrMySQLConnectionError", "CDC:ErrMySQLInvalidConfig",
        "CDC:ErrCaptureNotExist", "CDC:ErrSchedulerRequestFailed",
    ]

    /// Errors that fail a changefeed at once instead of being retried (`pkg/errors/helper.go`).
    public var isUnretryable: Bool {
        Self.unretryableCodes.contains(self.code)
    }

    static let unretryableCodes: Set<String> = [
        "CDC:ErrGCTTLExceeded", "CDC:ErrSnapshotLostByGC", "CDC:ErrStartTsBeforeGC", "CDC:ErrSinkURIInvalid",
        "CDC:ErrMySQLInvalidConfig", "CDC:ErrExpressionParseFailed", "CDC:ErrChangefeedUnretryable",
    ]

    // MARK: The errors a DR driver meets (pkg/errors/cdc_errors.go)

    public static func changefeedNotExists(_ id: String) -> TiCDCError {
        TiCDCError(code: "CDC:ErrChangeFeedNotExists", text: "changefeed not exists, \(id)")
    }

    public static func changefeedAlreadyExists(_ id: String) -> TiCDCError {
        TiCDCError(code: "CDC:ErrChangeFeedAlreadyExists", text: "changefeed already exists, \(id)")
    }

    public static func startTSBeforeGC(startTS: UInt64, safePoint: UInt64) -> TiCDCError {
        TiCDCError(
            code: "CDC:ErrStartTsBeforeGC",
            text:
                "fail to create or maintain changefeed because start-ts \(startTS) is earlier than or equal to GC safepoint at \(safePoint)"
        )
    }

    public static func snapshotLostByGC(checkpoint: UInt64, safePoint: UInt64) -> TiCDCError {
        TiCDCError(
            code: "CDC:ErrSnapshotLostByGC",
            text:
                "fail to create or maintain changefeed due to snapshot loss caused by GC. checkpoint-ts \(checkpoint) is earlier than or equal to GC safepoint at \(safePoint)"
        )
    }

    public static func gcTTLExceeded(checkpoint: UInt64, changefeed: String) -> TiCDCError {
        TiCDCError(
            code: "CDC:ErrGCTTLExceeded",
            text:
                "the checkpoint-ts(\(checkpoint)) lag of the changefeed(\(changefeed)) has exceeded the GC TTL and the changefeed is blocking global GC progression"
        )
    }

    public static func targetTSBeforeStartTS(targetTS: UInt64, startTS: UInt64) -> TiCDCError {
        TiCDCError(
            code: "CDC:ErrTargetTsBeforeStartTs",
            text: "fail to create changefeed because target-ts \(targetTS) is earlier than start-ts \(startTS)"
        )
    }

    public static func invalidParameter(_ text: String) -> TiCDCError {
        TiCDCError(code: "CDC:ErrAPIInvalidParam", text: text)
    }

    public static func sinkURIInvalid(_ text: String) -> TiCDCError {
        TiCDCError(code: "CDC:ErrSinkURIInvalid", text: text)
    }

    public static func updateRefused(_ text: String) -> TiCDCError {
        TiCDCError(code: "CDC:ErrChangefeedUpdateRefused", text: "changefeed update error: \(text)")
    }

    public static func invalidReplicaConfig(_ text: String) -> TiCDCError {
        TiCDCError(code: "CDC:ErrInvalidReplicaConfig", text: "invalid replica config, \(text)")
    }

    public static func mysqlConnection(_ text: String) -> TiCDCError {
        TiCDCError(code: "CDC:ErrMySQLConnectionError", text: "fail to open MySQL connection: \(text)")
    }

    /// A sink URI parameter TiCDC refuses (`WrapError`: the cause's text).
    public static func mysqlInvalidConfig(_ text: String) -> TiCDCError {
        TiCDCError(code: "CDC:ErrMySQLInvalidConfig", text: text)
    }

    public static func mysqlTransaction(_ text: String) -> TiCDCError {
        TiCDCError(code: "CDC:ErrMySQLTxnError", text: "MySQL txn error: \(text)")
    }

    public static func pdUnreachable(_ text: String) -> TiCDCError {
        TiCDCError(code: "CDC:ErrPDEtcdAPIError", text: "etcd api call error: \(text)")
    }

    public static func unretryable(_ text: String) -> TiCDCError {
        TiCDCError(code: "CDC:ErrChangefeedUnretryable", text: "changefeed is in unretryable state: \(text)")
    }

    public static func clusterUnhealthy() -> TiCDCError {
        TiCDCError(code: "CDC:ErrClusterIsUnhealthy", text: "TiCDC cluster is unhealthy")
    }
}
