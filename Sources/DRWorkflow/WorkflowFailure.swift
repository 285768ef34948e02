public import TiCDCClient
public import TiDBClient

/// Why a step of a workflow that talks to both TiDB and TiCDC failed: the step, a code (TiCDC's
/// `CDC:Err...`, the server's errno, or the driver's own: `timeout`, `changefeed-state`) and the
/// message, with credentials already redacted.
public struct WorkflowFailure: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    public var step: String?
    public var code: String
    public var message: String

    public init(step: String? = nil, code: String, message: String) {
        self.step = step
        self.code = code
        self.message = message
    }

    /// A TiCDC API failure: its code (`CDC:ErrChangeFeedNotExists`) and `error_msg`.
    public init(_ error: TiCDCClientError) {
        let code: String
        switch (error.code.isEmpty, error.status) {
        case (false, _): code = error.code
        case (true, nil): code = "unreachable"
        case (true, let status?): code = "http-\(status)"
        }
        self.init(code: code, message: error.message)
    }

    /// A TiDB failure: its errno (or the library's kind) and the whole text.
    public init(_ error: TiDBClientError) {
        var plain = error
        plain.step = nil
        self.init(step: error.step, code: error.errno == 0 ? error.kind.name : String(error.errno), message: "\(plain)")
    }

    public var description: String {
        (self.step.map { "step \($0): " } ?? "") + self.message
    }
}

extension WorkflowFailure: StepFailure {
    func inStep(_ name: String) -> WorkflowFailure {
        var copy = self
        if copy.step == nil { copy.step = name }
        return copy
    }
}

extension WorkflowFailure {
    /// Runs TiDB calls; their error becomes the step's failure.
    static func tidb<T>(_ body: () async throws(TiDBClientError) -> T) async throws(WorkflowFailure) -> T {
        do throws(TiDBClientError) {
            return try await body()
        } catch {
            throw WorkflowFailure(error)
        }
    }

    /// Runs TiCDC calls; their error becomes the step's failure.
    static func ticdc<T>(_ body: () async throws(TiCDCClientError) -> T) async throws(WorkflowFailure) -> T {
        do throws(TiCDCClientError) {
            return try await body()
        } catch {
            throw WorkflowFailure(error)
        }
    }
}
