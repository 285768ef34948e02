import MySQLTypes

/// `CREATE [OR REPLACE] [ALGORITHM = ...] [DEFINER = ...] [SQL SECURITY ...] VIEW name [(columns)]
/// AS query [WITH [CASCADED | LOCAL] CHECK OPTION]`.
public struct CreateViewStatement: Sendable, Hashable {
    public enum CheckOption: String, Sendable, Hashable {
        case cascaded = "CASCADED"
        case local = "LOCAL"
    }

    public var name: TableName
    public var orReplace = false
    /// `UNDEFINED`, `MERGE` or `TEMPTABLE`, as TiDB keeps it (uppercase).
    public var algorithm = "UNDEFINED"
    /// `user@host` as written, or nil for the current user (also for `CURRENT_USER`).
    public var definer: (user: String, host: String)?
    /// `DEFINER` or `INVOKER`.
    public var security = "DEFINER"
    public var columns: [String]?
    public var query: SelectStatement
    public var checkOption: CheckOption?

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.orReplace == rhs.orReplace && lhs.algorithm == rhs.algorithm
            && lhs.definer?.user == rhs.definer?.user && lhs.definer?.host == rhs.definer?.host
            && lhs.security == rhs.security && lhs.columns == rhs.columns && lhs.query == rhs.query
            && lhs.checkOption == rhs.checkOption
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.name)
        hasher.combine(self.query)
    }
}

extension SelectStatement {
    /// The query with every table named without a database named with `database`, as a view keeps
    /// it: its tables are those of the database it was created in, whatever the reader's is.
    func qualifyingTables(in database: String) -> SelectStatement {
        var copy = self
        for index in copy.from.indices {
            let table = copy.from[index].table
            if let subquery = table.subquery {
                copy.from[index].table.subquery = subquery.qualifyingTables(in: database)
            } else if table.schema == nil, table.recursiveCTE == nil {
                copy.from[index].table.schema = database
            }
            copy.from[index].condition = copy.from[index].condition?.qualifyingSubqueryTables(in: database)
        }
        for index in copy.unions.indices {
            copy.unions[index].select = copy.unions[index].select.qualifyingTables(in: database)
        }
        for index in copy.fields.indices {
            if case .expression(let expression, let alias, let text) = copy.fields[index] {
                copy.fields[index] = .expression(
                    expression.qualifyingSubqueryTables(in: database),
                    alias: alias,
                    text: text
                )
            }
        }
        copy.whereClause = copy.whereClause?.qualifyingSubqueryTables(in: database)
        copy.having = copy.having?.qualifyingSubqueryTables(in: database)
        return copy
    }
}

extension Expression {
    fileprivate func qualifyingSubqueryTables(in database: String) -> Expression {
        let qualified = try? self.rewritten { (node) throws(MySQLError) -> Expression? in
            switch node {
            case .subquery(let select):
                return .subquery(select.qualifyingTables(in: database))
            case .exists(let select):
                return .exists(select.qualifyingTables(in: database))
            case .inSubquery(let operand, let select, let negated):
                return .inSubquery(
                    operand.qualifyingSubqueryTables(in: database),
                    select.qualifyingTables(in: database),
                    negated: negated
                )
            case .quantified(let operand, let op, let quantifier, let select):
                return .quantified(
                    operand.qualifyingSubqueryTables(in: database),
                    op,
                    quantifier,
                    select.qualifyingTables(in: database)
                )
            default:
                return nil
            }
        }
        return qualified ?? self
    }
}
