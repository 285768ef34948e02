import MySQLTypes

/// Expression (functional) index key parts, `CREATE INDEX i ON t ((LOWER(c)))`, checked as TiDB's
/// `buildHiddenColumnInfoWithCheck` does and kept on the index (Schema+ExpressionIndex.swift).
extension TableEditor {
    /// What is refused before the table is looked at: an expression in the primary key (3756), a
    /// bare column as the expression (3762), and a UNIQUE expression index, which the mock does not
    /// enforce (1235).
    static func checkExpressionParts(_ spec: IndexSpec) throws(MySQLError) {
        guard let first = spec.expressionParts.first else { return }
        if spec.kind == .primary { throw .tidb(3756, "HY000", "The primary key cannot be an expression index") }
        if case .column = first.expression {
            throw .tidb(
                3762,
                "HY000",
                "Expression index on a column is not supported. Consider using a regular index instead"
            )
        }
        if spec.kind == .unique { throw .notSupportedYet("UNIQUE expression index") }
    }
}

extension TableDefinition {
    /// Functions returning JSON: an index cannot hold their values (3753).
    private static let jsonFunctions: Set<String> = [
        "json_extract", "json_array", "json_object", "json_merge_preserve", "json_merge", "json_set",
        "json_insert", "json_replace", "json_remove", "json_array_append", "json_array_insert",
        "json_merge_patch", "json_search", "json_keys",
    ]
    /// Functions returning LONGTEXT: an index needs a CAST to a bounded type (3757).
    private static let textFunctions: Set<String> = ["json_unquote", "json_pretty"]

    /// The index's expression parts checked against the table and given their text and hidden
    /// column names (`_V$_<index>_<n>`, n counting every key part).
    static func expressionParts(
        _ spec: IndexSpec,
        indexName: String,
        table: TableSchema
    ) throws(MySQLError) -> [IndexExpressionPart] {
        var parts: [IndexExpressionPart] = []
        for part in spec.expressionParts {
            let expression = part.expression
            var failure: MySQLError?
            _ = expression.contains { node in
                guard failure == nil else { return true }
                switch node {
                case .function(let name, _) where Self.disallowedFunctions.contains(name):
                    failure = .tidb(
                        3758,
                        "HY000",
                        "Expression of expression index '\(indexName)' contains a disallowed function"
                    )
                case .userVariable, .subquery, .exists, .inSubquery, .parameter:
                    failure = .tidb(
                        3758,
                        "HY000",
                        "Expression of expression index '\(indexName)' contains a disallowed function"
                    )
                case .row:
                    failure = .tidb(
                        3800,
                        "HY000",
                        "Expression of expression index '\(indexName)' cannot refer to a row value"
                    )
                case .column(let reference) where table.columnIndex(reference.name) == nil:
                    failure = .unknownColumn(reference.name, in: "expression index '\(indexName)'")
                default:
                    break
                }
                return false
            }
            if let failure { throw failure }
            switch expression {
            case .function(let name, _) where Self.jsonFunctions.contains(name):
                throw .tidb(
                    3753,
                    "HY000",
                    "Cannot create an expression index on a function that returns a JSON or GEOMETRY value"
                )
            case .cast(_, .json):
                throw .tidb(
                    3753,
                    "HY000",
                    "Cannot create an expression index on a function that returns a JSON or GEOMETRY value"
                )
            case .function(let name, _) where Self.textFunctions.contains(name):
                throw .tidb(
                    3757,
                    "HY000",
                    "Cannot create an expression index on an expression that returns a BLOB or TEXT. Please consider using CAST"
                )
            default:
                break
            }
            let hidden = "_V$_\(indexName)_\(part.ordinal)"
            if table.columnIndex(hidden) != nil { throw .duplicateColumn(hidden) }
            parts.append(
                IndexExpressionPart(
                    ordinal: part.ordinal,
                    expression: expression,
                    text: GeneratedExpressionText.render(expression),
                    hiddenColumnName: hidden
                )
            )
        }
        return parts
    }

    /// 3837 when a dropped or renamed column is one an expression index reads.
    static func checkNoExpressionIndexUses(_ column: String, in table: TableSchema) throws(MySQLError) {
        for index in table.indexes {
            for part in index.expressionParts {
                let uses = part.expression.contains { node in
                    if case .column(let reference) = node { return reference.name.equalsIgnoringCase(column) }
                    return false
                }
                if uses {
                    throw .tidb(
                        3837,
                        "HY000",
                        "Column '\(column)' has an expression index dependency and cannot be dropped or renamed"
                    )
                }
            }
        }
    }
}
