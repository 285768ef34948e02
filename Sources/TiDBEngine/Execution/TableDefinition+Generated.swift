import MySQLTypes

/// Generated columns in CREATE TABLE, with TiDB's errors: 1221 (DEFAULT or AUTO_INCREMENT on
/// one), 1054 (an unknown column), 3107 (a later generated column), 3109 (an AUTO_INCREMENT
/// column), 3102 (a function TiDB's `IllegalFunctions4GeneratedColumns` lists, a variable, a
/// subquery), 3106 (a virtual column in the primary key).
extension TableDefinition {
    static func generatedColumn(
        _ spec: GeneratedColumnSpec,
        spec column: ColumnSpec
    ) throws(MySQLError) -> GeneratedColumn {
        if column.defaultValue != nil { throw .tidb(1221, "HY000", "Incorrect usage of DEFAULT and generated column") }
        if column.isAutoIncrement {
            throw .tidb(1221, "HY000", "Incorrect usage of AUTO_INCREMENT and generated column")
        }
        return GeneratedColumn(
            expression: spec.expression,
            text: GeneratedExpressionText.render(spec.expression),
            isStored: spec.isStored
        )
    }

    /// Functions a generated column may not call (TiDB v8.5's list, lowercased).
    static let disallowedFunctions: Set<String> = [
        "connection_id", "load_file", "last_insert_id", "rand", "uuid", "uuid_short", "curdate", "current_date",
        "curtime", "current_time", "current_timestamp", "localtime", "localtimestamp", "now", "unix_timestamp",
        "utc_date", "utc_time", "utc_timestamp", "benchmark", "current_user", "database", "found_rows", "get_lock",
        "is_free_lock", "is_used_lock", "master_pos_wait", "name_const", "release_lock", "row_count", "schema",
        "session_user", "sleep", "sysdate", "system_user", "user", "values", "encrypt", "version", "json_merge",
        "release_all_locks", "nextval", "lastval", "setval",
    ]

    static func checkGeneratedColumns(_ table: TableSchema) throws(MySQLError) {
        for (position, column) in table.columns.enumerated() {
            guard let generated = column.generated else { continue }
            let disallowed = MySQLError.tidb(
                3102,
                "HY000",
                "Expression of generated column '\(column.name)' contains a disallowed function."
            )
            var failure: MySQLError?
            _ = generated.expression.contains { node in
                guard failure == nil else { return true }
                switch node {
                case .function(let name, _) where Self.disallowedFunctions.contains(name):
                    failure = disallowed
                case .userVariable, .subquery, .exists, .inSubquery, .parameter:
                    failure = disallowed
                case .column(let reference):
                    guard let referenced = table.columnIndex(reference.name) else {
                        failure = .unknownColumn(reference.name, in: "generated column function")
                        break
                    }
                    if table.columns[referenced].generated != nil, referenced >= position {
                        failure = .tidb(
                            3107,
                            "HY000",
                            "Generated column can refer only to generated columns defined prior to it."
                        )
                    } else if table.columns[referenced].isAutoIncrement {
                        failure = .tidb(
                            3109,
                            "HY000",
                            "Generated column '\(column.name)' cannot refer to auto-increment column."
                        )
                    }
                default:
                    break
                }
                return failure != nil
            }
            if let failure { throw failure }
        }
        if let primary = table.primaryKey,
            primary.columns.contains(where: { table.columns[$0].generated.map { !$0.isStored } ?? false })
        {
            throw .tidb(
                3106,
                "HY000",
                "'Defining a virtual generated column as primary key' is not supported for generated columns."
            )
        }
    }
}
