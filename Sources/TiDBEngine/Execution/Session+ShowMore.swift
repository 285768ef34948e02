import MySQLTypes

/// SHOW forms whose answer does not depend on the data: SHOW BUILTINS (TiDB's function names),
/// SHOW OPEN TABLES (TiDB keeps no table cache: always empty) and SHOW HISTOGRAMS_IN_FLIGHT
/// (the statistics handle's pending histograms: the mock collects none).
extension Session {
    func showMore(_ show: ShowStatement) throws(MySQLError) -> ResultSet {
        switch show.kind {
        case .builtins:
            return try self.filtered(
                BuiltinFunctionList.names.map { [Value.string($0)] },
                names: ["Supported_builtin_functions"],
                show: show,
                likeIgnoresCase: true
            )
        case .openTables(let database):
            if let database, self.cluster.storage.database(database) == nil { throw .unknownDatabase(database) }
            return try self.filtered(
                [],
                names: ["Database", "Table", "In_use", "Name_locked"],
                show: show,
                likeIgnoresCase: true
            )
        case .histogramsInFlight:
            let type = FieldType.bigint(length: 21, flags: [])
            return ResultSet(columns: [type.column(named: "HistogramsInFlight")], rows: [[.int(0)]])
        default:
            throw .notSupportedYet("SHOW")
        }
    }
}
