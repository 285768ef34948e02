public import TiCDCClient
public import TiCDCCore
public import TiDBClient

/// What the driver needs to know of a changefeed: its state, checkpoint and last error.
public struct ChangefeedProgress: Sendable, Equatable {
    public var id: String
    /// TiCDC's state text (`normal`, `warning`, `failed`, ...), kept as sent.
    public var state: String
    public var checkpoint: TSO
    /// TiCDC's error message (`[CDC:ErrMySQLTxnError]...`), nil when there is none.
    public var error: String?

    public init(id: String, state: String, checkpoint: TSO, error: String? = nil) {
        self.id = id
        self.state = state
        self.checkpoint = checkpoint
        self.error = error
    }

    public var feedState: FeedState? { FeedState(rawValue: self.state) }

    /// How far the checkpoint is behind `target`, in milliseconds of physical time; 0 once reached.
    public func lagMilliseconds(behind target: TSO) -> Int64 {
        guard self.checkpoint < target else { return 0 }
        return Int64(target.physicalMilliseconds) - Int64(self.checkpoint.physicalMilliseconds)
    }

    /// A state from which the changefeed does not move its checkpoint without an operator (or,
    /// for `warning`/`pending`, a retry that may never succeed): the catch-up check gives up.
    public var isStuck: Bool {
        switch self.feedState {
        case .normal: false
        case .warning, .pending, .failed, .stopped, .removed, .finished: true
        case nil: true
        }
    }
}

/// Where the driver reads changefeeds: TiCDC's OpenAPI v2 (`TiCDCClient`), or a fake in tests.
public protocol ChangefeedSource: Sendable {
    func changefeedProgress(_ id: String) async throws(TiCDCClientError) -> ChangefeedProgress
    func allChangefeeds() async throws(TiCDCClientError) -> [ChangefeedProgress]
}

extension TiCDCClient: ChangefeedSource {
    /// `GET /api/v2/changefeeds/{id}`; its `pending` is shown as `warning`, as the list and
    /// `cdc cli changefeed query -s` show it.
    public func changefeedProgress(_ id: String) async throws(TiCDCClientError) -> ChangefeedProgress {
        let info = try await self.changefeed(id)
        return ChangefeedProgress(
            id: info.id ?? id,
            state: info.feedState?.listed.rawValue ?? info.state ?? "",
            checkpoint: TSO(rawValue: info.checkpointTS),
            error: info.error?.message
        )
    }

    /// `GET /api/v2/changefeeds?state=all` (`pending` is listed as `warning`).
    public func allChangefeeds() async throws(TiCDCClientError) -> [ChangefeedProgress] {
        try await self.listChangefeeds().items.map {
            ChangefeedProgress(
                id: $0.id,
                state: $0.state,
                checkpoint: TSO(rawValue: $0.checkpointTSO),
                error: $0.error?.message
            )
        }
    }
}

extension TiCDCClient {
    /// `GET /api/v2/changefeeds/{id}`; nil for TiCDC's `CDC:ErrChangeFeedNotExists`, any other
    /// error as the step's failure.
    func changefeedIfExists(_ id: String) async throws(WorkflowFailure) -> TiCDCAPI.ChangeFeedInfo? {
        do throws(TiCDCClientError) {
            return try await self.changefeed(id)
        } catch  where error.code == "CDC:ErrChangeFeedNotExists" {
            return nil
        } catch {
            throw WorkflowFailure(error)
        }
    }
}
