public import MySQLTypes

extension TiDBInstance {
    /// Checks a login against the cluster's accounts (TiDB's rules, see `UserAccounts`).
    public func authenticate(
        user: String,
        clientHost: String,
        plugin: String,
        response: [UInt8],
        scramble: [UInt8]
    ) -> UserAccounts.Outcome {
        self.cluster.users.authenticate(
            user: user,
            host: clientHost,
            plugin: plugin,
            response: response,
            salt: scramble
        )
    }

    /// Opens the session of an authenticated connection; 1049 when `database` does not exist.
    public func openSession(
        connectionID: UInt64,
        account: UserAccount,
        user: String,
        clientHost: String,
        database: String?,
        controls: ConnectionRegistry.Controls
    ) throws(MySQLError) -> Session {
        if let database, !self.cluster.databaseExists(database) { throw .unknownDatabase(database) }
        return Session(
            instance: self,
            connectionID: connectionID,
            account: account,
            user: user,
            clientHost: clientHost,
            database: database,
            controls: controls
        )
    }
}
