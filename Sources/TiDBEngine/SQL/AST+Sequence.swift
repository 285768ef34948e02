/// CREATE SEQUENCE and DROP SEQUENCE (TiDB's `CreateSequenceStmt`, `DropSequenceStmt`).
public enum SequenceStatement: Sendable, Hashable {
    case create(CreateSequenceStatement)
    case drop(names: [TableName], ifExists: Bool)
}

/// `CREATE SEQUENCE [IF NOT EXISTS] name [option ...]`; nil fields take TiDB's defaults.
public struct CreateSequenceStatement: Sendable, Hashable {
    public var name: TableName
    public var ifNotExists: Bool
    public var increment: Int64?
    /// nil: `NO MINVALUE` / `NOMINVALUE` or left out (likewise MAXVALUE).
    public var minValue: Int64?
    public var maxValue: Int64?
    public var start: Int64?
    /// `NOCACHE` is 0.
    public var cache: Int64?
    public var cycle = false
    public var comment = ""
}

extension Parser {
    /// After `CREATE SEQUENCE`.
    mutating func parseCreateSequence() throws(SQLSyntaxError) -> CreateSequenceStatement {
        let ifNotExists = try self.parseIfNotExists()
        var statement = CreateSequenceStatement(name: try self.parseTableName(), ifNotExists: ifNotExists)
        while let word = self.currentWordUppercased {
            self.advance()
            switch word {
            case "INCREMENT":
                _ = self.accept("BY") || self.accept(.equal)
                statement.increment = try self.parseSequenceNumber()
            case "MINVALUE":
                _ = self.accept(.equal)
                statement.minValue = try self.parseSequenceNumber()
            case "MAXVALUE":
                _ = self.accept(.equal)
                statement.maxValue = try self.parseSequenceNumber()
            case "START":
                _ = self.accept("WITH") || self.accept(.equal)
                statement.start = try self.parseSequenceNumber()
            case "CACHE":
                _ = self.accept(.equal)
                statement.cache = try self.parseSequenceNumber()
            case "NOCACHE":
                statement.cache = 0
            case "NOMINVALUE":
                statement.minValue = nil
            case "NOMAXVALUE":
                statement.maxValue = nil
            case "CYCLE":
                statement.cycle = true
            case "NOCYCLE":
                statement.cycle = false
            case "NO":
                guard let next = self.currentWordUppercased else { throw self.errorAtCurrent() }
                self.advance()
                switch next {
                case "MINVALUE": statement.minValue = nil
                case "MAXVALUE": statement.maxValue = nil
                case "CACHE": statement.cache = 0
                case "CYCLE": statement.cycle = false
                default: throw self.errorAtCurrent()
                }
            case "COMMENT":
                _ = self.accept(.equal)
                guard case .string(let bytes, _) = self.current.kind else { throw self.errorAtCurrent() }
                self.advance()
                statement.comment = String(decoding: bytes, as: UTF8.self)
            case "ENGINE", "DEFAULT", "CHARSET", "CHARACTER", "COLLATE":
                // Table options TiDB accepts after the sequence options; they change nothing.
                _ = self.accept("SET")
                _ = self.accept(.equal)
                self.advance()
            default:
                throw self.errorAtCurrent()
            }
            _ = self.accept(.comma)
        }
        return statement
    }

    private mutating func parseSequenceNumber() throws(SQLSyntaxError) -> Int64 {
        let negative = self.accept(.minus)
        if !negative { _ = self.accept(.plus) }
        guard case .integer(let text) = self.current.kind else { throw self.errorAtCurrent() }
        guard let magnitude = UInt64(text) else { throw self.errorAtCurrent() }
        self.advance()
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw self.errorAtCurrent() }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw self.errorAtCurrent() }
        return Int64(magnitude)
    }

    /// After `DROP SEQUENCE`.
    mutating func parseDropSequence() throws(SQLSyntaxError) -> SequenceStatement {
        let ifExists = try self.parseIfExists()
        var names = [try self.parseTableName()]
        while self.accept(.comma) { names.append(try self.parseTableName()) }
        return .drop(names: names, ifExists: ifExists)
    }
}
