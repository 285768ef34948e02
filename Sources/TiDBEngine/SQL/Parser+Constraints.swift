/// FOREIGN KEY and CHECK clauses: table level in CREATE TABLE and ALTER TABLE ADD, column level
/// (`REFERENCES ...`, `CHECK (...)`) in a column definition.
extension Parser {
    enum ConstraintClause {
        case index(IndexSpec)
        case foreignKey(ForeignKeySpec)
        case check(CheckSpec)
    }

    /// An index, FOREIGN KEY or CHECK clause; nil when the next element is a column.
    mutating func parseConstraintClause() throws(SQLSyntaxError) -> ConstraintClause? {
        var offset = 0
        if self.current.isKeyword("CONSTRAINT") {
            if self.peek(1).isKeyword("FOREIGN") || self.peek(1).isKeyword("CHECK") {
                offset = 1
            } else if self.peek(2).isKeyword("FOREIGN") || self.peek(2).isKeyword("CHECK") {
                offset = 2
            }
        }
        let keyword = self.peek(offset)
        guard keyword.isKeyword("FOREIGN") || keyword.isKeyword("CHECK") else {
            return try self.parseTableConstraint().map { .index($0) }
        }
        var name: String?
        if offset > 0 {
            self.advance()
            if offset == 2 { name = try self.parseIdentifier() }
        }
        if self.accept("CHECK") {
            return .check(try self.parseCheckBody(name: name))
        }
        try self.expect("FOREIGN")
        try self.expect("KEY")
        if !self.current.isSymbol(.leftParen) {
            let indexName = try self.parseIdentifier()
            name = name ?? indexName
        }
        let columns = try self.parseIndexColumns()
        let reference = try self.parseReference()
        return .foreignKey(
            ForeignKeySpec(
                name: name,
                columns: columns,
                referencedTable: reference.table,
                referencedColumns: reference.columns,
                onDelete: reference.onDelete,
                onUpdate: reference.onUpdate
            )
        )
    }

    /// `REFERENCES t (cols) [MATCH ...] [ON DELETE action] [ON UPDATE action]`.
    mutating func parseReference() throws(SQLSyntaxError) -> (
        table: TableName, columns: [String], onDelete: ReferentialAction?, onUpdate: ReferentialAction?
    ) {
        try self.expect("REFERENCES")
        let table = try self.parseTableName()
        let columns = try self.parseIndexColumns()
        if self.accept("MATCH") {
            guard self.accept("FULL") || self.accept("PARTIAL") || self.accept("SIMPLE") else {
                throw self.errorAtCurrent()
            }
        }
        var onDelete: ReferentialAction?
        var onUpdate: ReferentialAction?
        while self.current.isKeyword("ON"), self.peek().isKeyword("DELETE") || self.peek().isKeyword("UPDATE") {
            self.advance()
            let isDelete = self.accept("DELETE")
            if !isDelete { try self.expect("UPDATE") }
            let action = try self.parseReferentialAction()
            if isDelete { onDelete = action } else { onUpdate = action }
        }
        return (table, columns, onDelete, onUpdate)
    }

    private mutating func parseReferentialAction() throws(SQLSyntaxError) -> ReferentialAction {
        if self.accept("RESTRICT") { return .restrict }
        if self.accept("CASCADE") { return .cascade }
        if self.accept("SET") {
            if self.accept("NULL") { return .setNull }
            try self.expect("DEFAULT")
            return .setDefault
        }
        try self.expect("NO")
        try self.expect("ACTION")
        return .noAction
    }

    /// `(expr) [[NOT] ENFORCED]` after CHECK.
    mutating func parseCheckBody(name: String?) throws(SQLSyntaxError) -> CheckSpec {
        try self.expect(.leftParen)
        let expression = try self.parseExpression()
        try self.expect(.rightParen)
        var check = CheckSpec(name: name, expression: expression)
        if self.accept("ENFORCED") {
        } else if self.current.isKeyword("NOT"), self.peek().isKeyword("ENFORCED") {
            self.advance()
            self.advance()
            check.enforced = false
        }
        return check
    }

    /// A column option about constraints: `REFERENCES ...` (parsed and ignored, as MySQL and
    /// TiDB do for a column-level reference) or `[CONSTRAINT [name]] CHECK (...)`. False when the
    /// next token starts neither.
    mutating func parseColumnConstraint(into column: inout ColumnSpec) throws(SQLSyntaxError) -> Bool {
        if self.current.isKeyword("REFERENCES") {
            _ = try self.parseReference()
            return true
        }
        var name: String?
        if self.accept("CONSTRAINT") {
            if !self.current.isKeyword("CHECK") { name = try self.parseIdentifier() }
            guard self.current.isKeyword("CHECK") else { throw self.errorAtCurrent() }
        }
        guard self.accept("CHECK") else { return false }
        var check = try self.parseCheckBody(name: name)
        check.column = column.name
        column.checks.append(check)
        return true
    }

    /// ALTER TABLE's `DROP FOREIGN KEY|CHECK|CONSTRAINT name`; nil when none of them follows DROP.
    mutating func parseDropConstraint() throws(SQLSyntaxError) -> AlterTableChange? {
        if self.current.isKeyword("FOREIGN"), self.peek().isKeyword("KEY") {
            self.advance()
            self.advance()
            return .dropForeignKey(try self.parseIdentifier())
        }
        if self.current.isKeyword("CHECK") || self.current.isKeyword("CONSTRAINT") {
            let isCheck = self.current.isKeyword("CHECK")
            self.advance()
            return .dropConstraint(try self.parseIdentifier(), isCheck: isCheck)
        }
        return nil
    }

    /// ALTER TABLE's `ALTER CHECK|CONSTRAINT name [NOT] ENFORCED`, with ALTER consumed by the caller.
    mutating func parseAlterCheck() throws(SQLSyntaxError) -> AlterTableChange {
        self.advance()
        let name = try self.parseIdentifier()
        let enforced = !self.accept("NOT")
        try self.expect("ENFORCED")
        return .alterCheck(name, enforced: enforced)
    }
}
