import MySQLTypes

/// Expression (functional) index key parts, `CREATE INDEX i ON t ((LOWER(c)))`. TiDB v8.5 builds
/// them as hidden virtual generated columns; the mock has no hidden columns yet, so it refuses
/// them with TiDB's own errors where TiDB refuses them too, and with 1235 otherwise.
extension TableEditor {
    static func checkNoExpressionParts(_ spec: IndexSpec) throws(MySQLError) {
        guard let first = spec.expressionParts.first else { return }
        if spec.kind == .primary { throw .tidb(3756, "HY000", "The primary key cannot be an expression index") }
        if case .column = first {
            throw .tidb(
                3762,
                "HY000",
                "Expression index on a column is not supported. Consider using a regular index instead"
            )
        }
        throw .notSupportedYet("expression index")
    }
}
