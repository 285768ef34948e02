import MySQLTypes

/// More of TiDB's rules for CHECK clauses (`pkg/ddl/constraint.go`): the name's length, a
/// boolean expression, and no column a foreign key's referential action may change.
extension ConstraintDefinition {
    /// 1059 when the check's name (given or `<table>_chk_N`) is longer than 64 characters.
    static func checkNameLength(_ name: String) throws(MySQLError) {
        if name.count > 64 { throw .tidb(1059, "42000", "Identifier name '\(name)' is too long") }
    }

    /// 3812 unless the expression is a predicate: a comparison, a logical operator, IS, LIKE,
    /// BETWEEN, IN, a boolean literal or a function that returns one.
    static func checkBoolean(_ expression: Expression, name: String) throws(MySQLError) {
        guard !Self.isPredicate(expression) else { return }
        throw .tidb(3812, "HY000", "An expression of non-boolean type specified to a check constraint '\(name)'.")
    }

    private static let predicateFunctions: Set<String> = [
        "json_valid", "regexp_like", "json_contains", "json_contains_path", "json_overlaps", "json_memberof", "isnull",
    ]

    private static func isPredicate(_ expression: Expression) -> Bool {
        switch expression {
        case .binary(let operation, _, _):
            switch operation {
            case .equal, .nullSafeEqual, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .and, .or, .xor:
                return true
            default:
                return false
            }
        case .unary(.not, _), .isNull, .isTruth, .like, .between, .inList, .inSubquery, .exists:
            return true
        case .literal(.boolean):
            return true
        case .function(let name, _):
            return Self.predicateFunctions.contains(name)
        default:
            return false
        }
    }

    /// 3823 when a column the check reads is one a foreign key's ON UPDATE/ON DELETE action
    /// changes (CASCADE, SET NULL, SET DEFAULT on update; SET NULL, SET DEFAULT on delete).
    static func checkReferentialActionColumns(_ schema: TableSchema) throws(MySQLError) {
        var changed: Set<String> = []
        for foreignKey in schema.foreignKeys {
            let onUpdate = foreignKey.onUpdate.map { [.cascade, .setNull, .setDefault].contains($0) } ?? false
            let onDelete = foreignKey.onDelete.map { [.setNull, .setDefault].contains($0) } ?? false
            if onUpdate || onDelete { changed.formUnion(foreignKey.columns.map { $0.lowercased() }) }
        }
        guard !changed.isEmpty else { return }
        for check in schema.checks {
            var used: String?
            _ = check.expression.contains { node in
                if case .column(let column) = node, changed.contains(column.name.lowercased()) {
                    used = used ?? column.name
                }
                return false
            }
            if let used {
                throw .tidb(
                    3823,
                    "HY000",
                    "Column '\(used)' cannot be used in a check constraint '\(check.name)': needed in a foreign key constraint referential action."
                )
            }
        }
    }
}
