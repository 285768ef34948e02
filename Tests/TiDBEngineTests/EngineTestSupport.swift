import MySQLTypes
import Testing

@testable import TiDBEngine

/// A cluster with one TiDB instance, and helpers to run SQL through sessions.
struct EngineFixture {
    let clock: ManualWallClock
    let cluster: Cluster
    let instance: TiDBInstance

    init(
        users: [UserAccount] = [UserAccount(name: "root", password: "")],
        instance configuration: TiDBInstance.Configuration = .init()
    ) {
        // 2024-09-19 10:10:46.963 UTC: the physical time of the seed's TSO example.
        self.clock = ManualWallClock(millisecondsSinceEpoch: 1_726_740_646_963)
        self.cluster = Cluster(configuration: .init(users: users, clock: self.clock))
        self.instance = TiDBInstance(cluster: self.cluster, configuration: configuration)
    }

    func session(
        user: String = "root",
        database: String? = nil,
        onKill: @escaping @Sendable () -> Void = {}
    ) throws -> Session {
        let id = try #require(self.instance.allocateConnectionID())
        let account = try #require(self.cluster.users.match(user: user, host: "127.0.0.1"))
        return try self.instance.openSession(
            connectionID: id,
            account: account,
            user: user,
            clientHost: "127.0.0.1",
            database: database,
            controls: .init(close: onKill)
        )
    }
}

extension Session {
    /// Runs one statement that must produce rows; returns the result set.
    func query(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ResultSet {
        let outcomes = self.execute(sql, multiStatementsAllowed: true).outcomes
        guard case .rows(let result) = outcomes.last?.result else {
            Issue.record("expected rows from \(sql), got \(outcomes.map(\.result))", sourceLocation: sourceLocation)
            throw TestFailure()
        }
        return result
    }

    /// Runs statements that must all succeed.
    func run(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for outcome in self.execute(sql, multiStatementsAllowed: true).outcomes {
            if let error = outcome.error { Issue.record("\(sql) failed: \(error)", sourceLocation: sourceLocation) }
        }
    }

    /// The error the statement ends with, if any.
    func failure(_ sql: String) -> MySQLError? {
        self.execute(sql, multiStatementsAllowed: true).outcomes.last?.error
    }

    /// The single value of a one-row, one-column query, as text.
    func scalar(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        let result = try self.query(sql, sourceLocation: sourceLocation)
        #expect(result.rows.count == 1, sourceLocation: sourceLocation)
        return result.rows.first?.first?.text
    }
}

struct TestFailure: Error {}
