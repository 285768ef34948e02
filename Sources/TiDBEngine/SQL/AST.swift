/// The syntax tree the parser produces. Value types only; the executor walks them.
public enum Statement: Sendable, Hashable {
    case select(SelectStatement)
    case set([SetAssignment])
    case setTransaction(SetTransactionStatement)
    case show(ShowStatement)
    case use(database: String)
    case begin(BeginStatement)
    case commit
    case rollback
    /// `SAVEPOINT name`, `ROLLBACK [WORK] TO [SAVEPOINT] name`, `RELEASE SAVEPOINT name`.
    case savepoint(String)
    case rollbackToSavepoint(String)
    case releaseSavepoint(String)
    case kill(KillStatement)
    case createDatabase(name: String, ifNotExists: Bool, options: [String: String] = [:])
    /// `ALTER DATABASE [name] [DEFAULT] CHARACTER SET x COLLATE y`; nil name: the current database.
    case alterDatabase(name: String?, options: [String: String])
    case dropDatabase(name: String, ifExists: Bool)
    case createTable(CreateTableStatement)
    case createView(CreateViewStatement)
    case dropView(names: [TableName], ifExists: Bool)
    /// CREATE SEQUENCE / DROP SEQUENCE (AST+Sequence.swift).
    case sequence(SequenceStatement)
    case createIndex(table: TableName, index: IndexSpec, ifNotExists: Bool)
    case dropTable(tables: [TableName], ifExists: Bool)
    /// `DROP TEMPORARY TABLE` (`.local`) or `DROP GLOBAL TEMPORARY TABLE` (`.global`).
    case dropTemporaryTable(tables: [TableName], ifExists: Bool, kind: TemporaryTableKind)
    case dropIndex(table: TableName, name: String, ifExists: Bool)
    case truncate(TableName)
    case alterTable(table: TableName, changes: [AlterTableChange])
    /// `RENAME TABLE a TO b[, c TO d]`.
    case renameTables([TableRename])
    case insert(InsertStatement)
    case update(UpdateStatement)
    case delete(DeleteStatement)
    case adminChecksum([TableName])
    case adminBDR(AdminBDRStatement)
    /// `ADMIN CHECK TABLE t[, ...]` / `ADMIN CHECK INDEX t i`.
    case adminCheck(AdminCheckStatement)
    /// `ANALYZE TABLE t[, ...]`.
    case analyzeTables([TableName])
    /// `EXPLAIN [ANALYZE] [FORMAT = ...] statement`.
    case explain(ExplainStatement)
    /// `PREPARE name FROM 'text'` or `FROM @variable`.
    case prepare(name: String, source: Expression)
    /// `EXECUTE name [USING @a, @b]`.
    case execute(name: String, arguments: [String])
    case deallocate(name: String)
    /// `BACKUP ... TO 'url'` / `RESTORE ... FROM 'url'`.
    case brie(BRIEStatement)
    /// CREATE/ALTER/DROP USER, GRANT, REVOKE, ... (AST+Accounts.swift).
    case account(AccountStatement)
    /// A statement TiDB has that this mock does not implement; the text names it.
    case unsupported(String)
}

/// `[db.]name`.
public struct TableName: Sendable, Hashable {
    public var database: String?
    public var name: String

    public init(database: String? = nil, name: String) {
        self.database = database
        self.name = name
    }
}

// MARK: DDL

public struct ColumnSpec: Sendable, Hashable {
    public var name: String
    public var type: SQLType
    public var isNullable: Bool?
    /// The DEFAULT expression, if given.
    public var defaultValue: Expression?
    public var isAutoIncrement = false
    /// `AUTO_RANDOM[(n[, m])]` (AST+AutoRandom.swift).
    public var autoRandom: AutoRandomSpec?
    public var isPrimaryKey = false
    public var isUniqueKey = false
    public var onUpdateCurrentTimestamp = false
    public var comment = ""
    /// Column-level `CHECK (...)` clauses.
    public var checks: [CheckSpec] = []
    /// `[GENERATED ALWAYS] AS (expr) [VIRTUAL|STORED]` (AST+Generated.swift).
    public var generated: GeneratedColumnSpec?
}

public struct IndexSpec: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case primary, unique, plain }
    public var kind: Kind
    public var name: String?
    public var columns: [String]
    public var comment = ""
    /// Expression key parts, `((LOWER(c)))`, with their place among the key parts.
    public var expressionParts: [ExpressionPart] = []
    /// Each column's prefix length, `c(10)`, in `columns` order (nil: whole column; empty: none).
    public var prefixLengths: [Int?] = []
    /// `INVISIBLE`: kept and maintained, but no query uses it.
    public var isVisible = true

    public struct ExpressionPart: Sendable, Hashable {
        /// 0-based position among all the index's key parts.
        public var ordinal: Int
        public var expression: Expression
    }
}

public struct CreateTableStatement: Sendable, Hashable {
    public var table: TableName
    public var ifNotExists: Bool
    public var columns: [ColumnSpec] = []
    public var indexes: [IndexSpec] = []
    public var foreignKeys: [ForeignKeySpec] = []
    /// Table-level CHECK clauses (column-level ones stay on their column).
    public var checks: [CheckSpec] = []
    /// Table options as written (ENGINE, CHARSET, COLLATE, AUTO_INCREMENT, COMMENT, ...), uppercased names.
    public var options: [String: String] = [:]
    /// `CREATE TABLE ... LIKE other`.
    public var like: TableName?
    /// `PARTITION BY ...` (AST+Partition.swift).
    public var partitioning: PartitionSpec?
    /// A column type the mock does not store (`BIT`, `ENUM`, `SET`, spatial, `VECTOR`): executing the statement is refused
    /// with 1235 naming it, never a table silently missing the constraint.
    public var unsupportedFeature: String?
    /// `CREATE TEMPORARY TABLE` (`.local`) or `CREATE GLOBAL TEMPORARY TABLE ... ON COMMIT
    /// DELETE ROWS` (`.global`).
    public var temporary: TemporaryTableKind?
}

public enum AlterTableChange: Sendable, Hashable {
    case addColumn(ColumnSpec, position: ColumnPosition)
    case dropColumn(String)
    case addIndex(IndexSpec)
    case dropIndex(String)
    case option(name: String, value: String)
    /// `MODIFY [COLUMN] spec` (`column` is `spec.name`) or `CHANGE [COLUMN] column spec`; nil
    /// position: where it is.
    case modifyColumn(String, ColumnSpec, position: ColumnPosition?)
    case renameColumn(String, to: String)
    case renameIndex(String, to: String)
    /// `ALTER [COLUMN] c SET DEFAULT value` or `DROP DEFAULT` (nil).
    case alterDefault(String, Expression?)
    /// `RENAME [TO|AS] name`.
    case rename(TableName)
    case addForeignKey(ForeignKeySpec)
    case dropForeignKey(String)
    case addCheck(CheckSpec)
    /// `DROP CHECK name` (`isCheck`) or `DROP CONSTRAINT name`.
    case dropConstraint(String, isCheck: Bool)
    /// `ALTER CHECK|CONSTRAINT name [NOT] ENFORCED`.
    case alterCheck(String, enforced: Bool)
    /// `ADD COLUMN IF NOT EXISTS` / `DROP COLUMN IF EXISTS`: the change, with its 1060 or 1091
    /// turned into a note.
    indirect case ifNeeded(AlterTableChange)
    /// `ALTER INDEX name VISIBLE|INVISIBLE`.
    case alterIndexVisibility(String, visible: Bool)
}

public struct TableRename: Sendable, Hashable {
    public var from: TableName
    public var to: TableName
}

public enum ColumnPosition: Sendable, Hashable {
    case last, first
    case after(String)
}

// MARK: DML

public struct InsertStatement: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case values([[Expression]])
        case select(SelectStatement)
    }

    public var table: TableName
    public var columns: [String]?
    public var source: Source
    public var ignore = false
    public var replace = false
    /// `ON DUPLICATE KEY UPDATE column = expression, ...`.
    public var onDuplicateUpdate: [(String, Expression)] = []

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.table == rhs.table && lhs.columns == rhs.columns && lhs.source == rhs.source && lhs.ignore == rhs.ignore
            && lhs.replace == rhs.replace
            && lhs.onDuplicateUpdate.elementsEqual(rhs.onDuplicateUpdate, by: { $0.0 == $1.0 && $0.1 == $1.1 })
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.table)
        hasher.combine(self.columns)
        hasher.combine(self.source)
    }
}

public struct UpdateStatement: Sendable, Hashable {
    public var table: TableName
    public var alias: String?
    public var assignments: [Assignment]
    public var whereClause: Expression?
    public var orderBy: [SelectStatement.OrderItem] = []
    public var limit: Expression?
    public var ignore = false
    /// Multi-table UPDATE (`UPDATE t1 JOIN t2 ON ... SET ...`, `UPDATE t1, t2 SET ...`): the
    /// table references; empty for the single-table form (`table` is then the first of them).
    public var joined: [SelectStatement.FromItem] = []
}

public struct Assignment: Sendable, Hashable {
    public var column: ColumnName
    public var value: Expression
}

public struct DeleteStatement: Sendable, Hashable {
    public var table: TableName
    public var alias: String?
    /// `DELETE FROM t PARTITION (p0)`.
    public var partitions: [String] = []
    public var whereClause: Expression?
    public var orderBy: [SelectStatement.OrderItem] = []
    public var limit: Expression?
    public var ignore = false
    /// Multi-table DELETE (`DELETE t1 FROM t1 JOIN t2 ...`, `DELETE FROM t1 USING t1 JOIN t2
    /// ...`): the table references, and the tables (names or aliases) whose rows go.
    public var joined: [SelectStatement.FromItem] = []
    public var targets: [TableName] = []
}

// MARK: Expressions

public enum VariableScope: Sendable, Hashable {
    case global
    case session
    /// `@@instance.` (TiDB instance-scoped variables).
    case instance
}

public enum Literal: Sendable, Hashable {
    case null
    case integer(Int64)
    case unsigned(UInt64)
    /// A decimal literal exactly as written, such as `1.50`.
    case decimal(String)
    case double(Double)
    case string([UInt8], introducer: String?)
    case hex([UInt8])
    case bits([UInt8])
    case boolean(Bool)
}

public struct ColumnName: Sendable, Hashable {
    public var schema: String?
    public var table: String?
    public var name: String

    public init(schema: String? = nil, table: String? = nil, name: String) {
        self.schema = schema
        self.table = table
        self.name = name
    }
}

public enum UnaryOperator: Sendable, Hashable {
    case minus, plus, not, bitNot, binary
}

public enum BinaryOperator: String, Sendable, Hashable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case integerDivide = "DIV"
    case modulo = "%"
    case equal = "="
    case nullSafeEqual = "<=>"
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case and = "AND"
    case or = "OR"
    case xor = "XOR"
    case bitAnd = "&"
    case bitOr = "|"
    case bitXor = "^"
    case shiftLeft = "<<"
    case shiftRight = ">>"
}

public indirect enum Expression: Sendable, Hashable {
    case literal(Literal)
    case column(ColumnName)
    /// `@@name` (scope nil), `@@global.name`, `@@session.name`.
    case systemVariable(name: String, scope: VariableScope?)
    case userVariable(String)
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    case isNull(Expression, negated: Bool)
    /// `x IS [NOT] TRUE|FALSE|UNKNOWN` (`value` nil for UNKNOWN).
    case isTruth(Expression, value: Bool?, negated: Bool)
    case like(Expression, pattern: Expression, escape: Expression?, negated: Bool)
    case between(Expression, low: Expression, high: Expression, negated: Bool)
    case inList(Expression, [Expression], negated: Bool)
    /// A function call; `name` lowercased.
    case function(name: String, arguments: [Expression])
    case caseWhen(operand: Expression?, branches: [CaseBranch], otherwise: Expression?)
    case cast(Expression, CastTarget)
    case collate(Expression, collation: String)
    /// `DEFAULT` as the value of a SET assignment.
    case defaultValue
    /// `*` inside `COUNT(*)`.
    case star
    /// `?`, numbered from 0 in text order.
    case parameter(Int)
    /// `(SELECT ...)` as a value: one column, at most one row (NULL for none).
    case subquery(SelectStatement)
    /// `EXISTS (SELECT ...)`.
    case exists(SelectStatement)
    /// `x [NOT] IN (SELECT ...)`.
    case inSubquery(Expression, SelectStatement, negated: Bool)
    /// `x op ANY|SOME|ALL (SELECT ...)`.
    case quantified(Expression, BinaryOperator, Quantifier, SelectStatement)
    /// `f(...) OVER (...)` (AST+Window.swift).
    case window(WindowCall)
    /// A row constructor, `(a, b)` or `ROW(a, b)`: only in comparisons and IN (Evaluator+Rows.swift).
    case row([Expression])
}

public struct CaseBranch: Sendable, Hashable {
    public var condition: Expression
    public var result: Expression
}

public enum CastTarget: Sendable, Hashable {
    case signed, unsigned
    case char(length: Int?)
    case binary(length: Int?)
    case decimal(precision: Int?, scale: Int?)
    case double, date
    case datetime(fsp: Int?)
    case time(fsp: Int?)
    case json
}

// MARK: SELECT

public struct SelectStatement: Sendable, Hashable {
    public enum Field: Sendable, Hashable {
        /// `*` or `t.*`.
        case wildcard(table: String?)
        /// An expression; `text` is its source text, which names the column when there is no alias.
        case expression(Expression, alias: String?, text: String)
    }

    public struct TableReference: Sendable, Hashable {
        public var schema: String?
        public var name: String
        public var alias: String?
        /// A derived table, `(SELECT ...) AS alias`: `name` is the alias.
        public var subquery: SelectStatement? = nil
        /// `USE|FORCE|IGNORE INDEX (...)` after the table.
        public var indexHints: [IndexHint] = []
        /// `t PARTITION (p0, p1)`: only those partitions' rows.
        public var partitions: [String] = []
        /// A CTE's column list, `WITH name (a, b) AS (...)`: the derived table's column names.
        public var columnNames: [String]? = nil
        /// A `WITH RECURSIVE` CTE read here (AST+CTE.swift).
        public var recursiveCTE: RecursiveCTE? = nil
    }

    public struct OrderItem: Sendable, Hashable {
        public var expression: Expression
        public var descending: Bool
    }

    public enum Lock: Sendable, Hashable {
        case none, forUpdate, forShare
    }

    /// A table in FROM and, from the second on, how it joins the ones before.
    public struct FromItem: Sendable, Hashable {
        public enum Join: Sendable, Hashable {
            case inner
            /// `LEFT [OUTER] JOIN`: every row of the tables before, NULLs where nothing matches.
            case left
            /// `RIGHT [OUTER] JOIN`: every row of this table, NULLs for the tables before.
            case right
        }

        public var table: TableReference
        /// `ON` condition (nil for the first table and for comma joins).
        public var condition: Expression?
        public var join: Join = .inner
        /// `USING (a, b)`: equal columns, shown once; `NATURAL` joins on every common column.
        public var using: [String] = []
        public var natural = false
    }

    public var distinct = false
    public var fields: [Field] = []
    /// Empty for `SELECT` without `FROM` (or `FROM DUAL`).
    public var from: [FromItem] = []
    public var whereClause: Expression?
    public var groupBy: [Expression] = []
    public var having: Expression?
    /// `WINDOW name AS (...)[, ...]`.
    public var windows: [NamedWindow] = []
    public var orderBy: [OrderItem] = []
    public var limit: Expression?
    public var offset: Expression?
    public var lock: Lock = .none
    /// `UNION [ALL|DISTINCT] SELECT ...` after this one, in order; with ORDER BY and LIMIT of
    /// the whole union.
    public var unions: [UnionMember] = []
    public var unionOrderBy: [OrderItem] = []
    public var unionLimit: Expression?
    public var unionOffset: Expression?

    public struct UnionMember: Sendable, Hashable {
        /// `UNION ALL` keeps duplicates; `UNION [DISTINCT]` removes them from everything so far.
        public var all: Bool
        public var select: SelectStatement
    }
}

// MARK: SET

public enum SetAssignment: Sendable, Hashable {
    /// `SET [GLOBAL|SESSION] name = value`, `SET @@[scope.]name = value`.
    case systemVariable(name: String, scope: VariableScope?, value: Expression)
    case userVariable(name: String, value: Expression)
    /// `SET NAMES charset [COLLATE collation]`, `SET NAMES DEFAULT` (charset nil).
    case names(charset: String?, collation: String?)
    /// `SET CHARACTER SET charset`, `SET CHARSET DEFAULT` (nil).
    case characterSet(String?)
}

public struct SetTransactionStatement: Sendable, Hashable {
    public enum Scope: Sendable, Hashable { case nextTransaction, session, global }
    public var scope: Scope
    public var isolationLevel: String?
    public var readOnly: Bool?
}

// MARK: Transactions and administration

public struct BeginStatement: Sendable, Hashable {
    public enum Mode: Sendable, Hashable { case `default`, pessimistic, optimistic }
    public var mode: Mode = .default
    public var readOnly = false
    public var withConsistentSnapshot = false
}

public struct KillStatement: Sendable, Hashable {
    public var connectionID: Expression
    /// `KILL QUERY`: stop the running statement, keep the connection.
    public var queryOnly: Bool
    /// `KILL TIDB ...`
    public var tidbSyntax: Bool
}

// MARK: SHOW

public struct ShowStatement: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case variables(global: Bool)
        case status(global: Bool)
        case databases
        case warnings
        case errors
        case warningCount
        case errorCount
        case masterStatus
        case processList(full: Bool)
        case collation
        case characterSet
        case engines
        case grants(user: String?)
        case tables(full: Bool, database: String?)
        case privileges
        case plugins
        case createTable(TableName)
        case createView(TableName)
        case createSequence(TableName)
        case createDatabase(String)
        case columns(TableName, full: Bool)
        case indexes(TableName)
        case tableStatus(database: String?)
        /// `SHOW BACKUPS` / `SHOW RESTORES`: this instance's BRIE tasks.
        case brieTasks(restores: Bool)
        /// `SHOW BUILTINS`, `SHOW OPEN TABLES`, `SHOW HISTOGRAMS_IN_FLIGHT` (Session+ShowMore.swift).
        case builtins
        case openTables(database: String?)
        case histogramsInFlight
    }

    public enum Filter: Sendable, Hashable {
        case like(Expression)
        case whereClause(Expression)
    }

    public var kind: Kind
    public var filter: Filter?
    public var limit: Expression?
    public var offset: Expression?
}
