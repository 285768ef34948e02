/// The syntax tree the parser produces. Value types only; the executor walks them.
public enum Statement: Sendable, Equatable {
    case select(SelectStatement)
    case set([SetAssignment])
    case setTransaction(SetTransactionStatement)
    case show(ShowStatement)
    case use(database: String)
    case begin(BeginStatement)
    case commit
    case rollback
    case kill(KillStatement)
    /// A statement TiDB has that this mock does not implement; the text names it.
    case unsupported(String)
}

// MARK: Expressions

public enum VariableScope: Sendable, Equatable {
    case global
    case session
    /// `@@instance.` (TiDB instance-scoped variables).
    case instance
}

public enum Literal: Sendable, Equatable {
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

public struct ColumnName: Sendable, Equatable {
    public var schema: String?
    public var table: String?
    public var name: String

    public init(schema: String? = nil, table: String? = nil, name: String) {
        self.schema = schema
        self.table = table
        self.name = name
    }
}

public enum UnaryOperator: Sendable, Equatable {
    case minus, plus, not, bitNot, binary
}

public enum BinaryOperator: String, Sendable, Equatable {
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

public indirect enum Expression: Sendable, Equatable {
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
}

public struct CaseBranch: Sendable, Equatable {
    public var condition: Expression
    public var result: Expression
}

public enum CastTarget: Sendable, Equatable {
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

public struct SelectStatement: Sendable, Equatable {
    public enum Field: Sendable, Equatable {
        /// `*` or `t.*`.
        case wildcard(table: String?)
        /// An expression; `text` is its source text, which names the column when there is no alias.
        case expression(Expression, alias: String?, text: String)
    }

    public struct TableReference: Sendable, Equatable {
        public var schema: String?
        public var name: String
        public var alias: String?
    }

    public struct OrderItem: Sendable, Equatable {
        public var expression: Expression
        public var descending: Bool
    }

    public enum Lock: Sendable, Equatable {
        case none, forUpdate, forShare
    }

    public var distinct = false
    public var fields: [Field] = []
    /// nil for `SELECT` without `FROM` (or `FROM DUAL`).
    public var from: TableReference?
    public var whereClause: Expression?
    public var groupBy: [Expression] = []
    public var having: Expression?
    public var orderBy: [OrderItem] = []
    public var limit: Expression?
    public var offset: Expression?
    public var lock: Lock = .none
}

// MARK: SET

public enum SetAssignment: Sendable, Equatable {
    /// `SET [GLOBAL|SESSION] name = value`, `SET @@[scope.]name = value`.
    case systemVariable(name: String, scope: VariableScope?, value: Expression)
    case userVariable(name: String, value: Expression)
    /// `SET NAMES charset [COLLATE collation]`, `SET NAMES DEFAULT` (charset nil).
    case names(charset: String?, collation: String?)
    /// `SET CHARACTER SET charset`, `SET CHARSET DEFAULT` (nil).
    case characterSet(String?)
}

public struct SetTransactionStatement: Sendable, Equatable {
    public enum Scope: Sendable, Equatable { case nextTransaction, session, global }
    public var scope: Scope
    public var isolationLevel: String?
    public var readOnly: Bool?
}

// MARK: Transactions and administration

public struct BeginStatement: Sendable, Equatable {
    public enum Mode: Sendable, Equatable { case `default`, pessimistic, optimistic }
    public var mode: Mode = .default
    public var readOnly = false
    public var withConsistentSnapshot = false
}

public struct KillStatement: Sendable, Equatable {
    public var connectionID: Expression
    /// `KILL QUERY`: stop the running statement, keep the connection.
    public var queryOnly: Bool
    /// `KILL TIDB ...`
    public var tidbSyntax: Bool
}

// MARK: SHOW

public struct ShowStatement: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
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
    }

    public enum Filter: Sendable, Equatable {
        case like(Expression)
        case whereClause(Expression)
    }

    public var kind: Kind
    public var filter: Filter?
    public var limit: Expression?
    public var offset: Expression?
}
