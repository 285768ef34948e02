import GoFormats

/// Mock-only faults on a changefeed (`PUT /mock/v1/changefeeds/{id}/fault`, `mock-ticdc server
/// --faults FILE`; docs/ticdc/faults.md): what real TiCDC can do only with failpoints compiled
/// in. JSON keys snake_case; durations as Go's text.
public struct ChangefeedFault: Sendable, Equatable, Codable {
    /// The sink writes nothing: the checkpoint (and the syncpoint) stops while the changefeed goes
    /// on reading, its resolved TS and its redo log moving (TiCDC's `MySQLSinkHangLongTime`).
    public var holdSink: Bool
    /// Rows are written only once they are this old: the checkpoint lags the upstream by it.
    public var delay: Duration
    /// Every write fails with this error: a retryable code turns the changefeed `warning` and it
    /// is retried with TiCDC's backoff; an unretryable one (`CDC:ErrChangefeedUnretryable`, ...)
    /// fails it.
    public var error: TiCDCError?

    public init(holdSink: Bool = false, delay: Duration = .zero, error: TiCDCError? = nil) {
        self.holdSink = holdSink
        self.delay = delay
        self.error = error
    }

    public var isEmpty: Bool { !self.holdSink && self.delay == .zero && self.error == nil }

    enum CodingKeys: String, CodingKey {
        case holdSink = "hold_sink"
        case delay
        case error
    }

    struct ErrorBody: Codable {
        var code: String
        var message: String
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.holdSink = try container.decodeIfPresent(Bool.self, forKey: .holdSink) ?? false
        self.delay = .zero
        if let text = try container.decodeIfPresent(String.self, forKey: .delay) {
            guard let nanoseconds = GoDuration.parse(text), nanoseconds >= 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .delay,
                    in: container,
                    debugDescription: "delay \(text) is not a Go duration such as 5s"
                )
            }
            self.delay = .nanoseconds(nanoseconds)
        }
        if let body = try container.decodeIfPresent(ErrorBody.self, forKey: .error) {
            guard body.code.hasPrefix("CDC:Err") else {
                throw DecodingError.dataCorruptedError(
                    forKey: .error,
                    in: container,
                    debugDescription: "error code \(body.code) is not a TiCDC error code such as CDC:ErrMySQLTxnError"
                )
            }
            self.error = TiCDCError(code: body.code, text: body.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.holdSink, forKey: .holdSink)
        let nanoseconds =
            self.delay.components.seconds * 1_000_000_000 + self.delay.components.attoseconds / 1_000_000_000
        try container.encode(GoDuration.format(nanoseconds), forKey: .delay)
        if let error = self.error {
            try container.encode(ErrorBody(code: error.code, message: error.text), forKey: .error)
        }
    }
}
