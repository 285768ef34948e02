/// ALTER TABLE and RENAME TABLE.
extension Parser {
    mutating func parseAlter() throws(SQLSyntaxError) -> Statement {
        try self.expect("ALTER")
        if self.accept("DATABASE") || self.accept("SCHEMA") {
            let name =
                self.current.isKeyword("DEFAULT") || self.current.isKeyword("CHARACTER")
                    || self.current.isKeyword("CHARSET") || self.current.isKeyword("COLLATE")
                ? nil : try self.parseIdentifier()
            return .alterDatabase(name: name, options: try self.parseTableOptions())
        }
        guard self.accept("TABLE") else {
            let name = "ALTER " + (self.currentWordUppercased ?? "")
            self.skipToEndOfStatement()
            return .unsupported(name.trimmingASCIISpaces())
        }
        let table = try self.parseTableName()
        var changes: [AlterTableChange] = []
        repeat {
            if self.accept("ADD") {
                if let clause = try self.parseConstraintClause() {
                    switch clause {
                    case .index(let index): changes.append(.addIndex(index))
                    case .foreignKey(let foreignKey): changes.append(.addForeignKey(foreignKey))
                    case .check(let check): changes.append(.addCheck(check))
                    }
                    continue
                }
                _ = self.accept("COLUMN")
                let ifNotExists = try self.parseIfNotExists()
                let added = { (change: AlterTableChange) in ifNotExists ? .ifNeeded(change) : change }
                if self.current.isSymbol(.leftParen) {
                    self.advance()
                    repeat {
                        // `ADD COLUMN (c INT, INDEX i (c))`: TiDB takes index clauses in the list too.
                        if let clause = try self.parseConstraintClause() {
                            guard case .index(let index) = clause else { throw self.errorAtCurrent() }
                            changes.append(.addIndex(index))
                        } else {
                            changes.append(added(.addColumn(try self.parseColumnSpec(), position: .last)))
                        }
                    } while self.accept(.comma)
                    try self.expect(.rightParen)
                    continue
                }
                let column = try self.parseColumnSpec()
                var position = ColumnPosition.last
                if self.accept("FIRST") {
                    position = .first
                } else if self.accept("AFTER") {
                    position = .after(try self.parseIdentifier())
                }
                changes.append(added(.addColumn(column, position: position)))
            } else if self.accept("DROP") {
                if let change = try self.parseDropConstraint() {
                    changes.append(change)
                } else if self.accept("INDEX") || self.accept("KEY") {
                    changes.append(.dropIndex(try self.parseIdentifier()))
                } else if self.accept("PRIMARY") {
                    try self.expect("KEY")
                    return .unsupported("ALTER TABLE DROP PRIMARY KEY")
                } else {
                    _ = self.accept("COLUMN")
                    let ifExists = try self.parseIfExists()
                    let drop = AlterTableChange.dropColumn(try self.parseIdentifier())
                    changes.append(ifExists ? .ifNeeded(drop) : drop)
                }
            } else if self.accept("MODIFY") {
                _ = self.accept("COLUMN")
                let spec = try self.parseColumnSpec()
                changes.append(.modifyColumn(spec.name, spec, position: try self.parseColumnPosition()))
            } else if self.accept("CHANGE") {
                _ = self.accept("COLUMN")
                let old = try self.parseIdentifier()
                let spec = try self.parseColumnSpec()
                changes.append(.modifyColumn(old, spec, position: try self.parseColumnPosition()))
            } else if self.accept("RENAME") {
                if self.accept("COLUMN") {
                    let old = try self.parseIdentifier()
                    try self.expect("TO")
                    changes.append(.renameColumn(old, to: try self.parseIdentifier()))
                } else if self.accept("INDEX") || self.accept("KEY") {
                    let old = try self.parseIdentifier()
                    try self.expect("TO")
                    changes.append(.renameIndex(old, to: try self.parseIdentifier()))
                } else {
                    _ = self.accept("TO") || self.accept("AS")
                    changes.append(.rename(try self.parseTableName()))
                }
            } else if self.current.isKeyword("ALTER"),
                self.peek().isKeyword("CHECK") || self.peek().isKeyword("CONSTRAINT")
            {
                self.advance()
                changes.append(try self.parseAlterCheck())
            } else if self.current.isKeyword("ALTER"), self.peek().isKeyword("INDEX") {
                self.advance()
                self.advance()
                let name = try self.parseIdentifier()
                if self.accept("VISIBLE") {
                    changes.append(.alterIndexVisibility(name, visible: true))
                } else {
                    try self.expect("INVISIBLE")
                    changes.append(.alterIndexVisibility(name, visible: false))
                }
            } else if self.current.isKeyword("ALTER"), !self.peek().isKeyword("TABLE") {
                self.advance()
                _ = self.accept("COLUMN")
                let column = try self.parseIdentifier()
                if self.accept("SET") {
                    try self.expect("DEFAULT")
                    changes.append(.alterDefault(column, try self.parseDefaultValue()))
                } else {
                    try self.expect("DROP")
                    try self.expect("DEFAULT")
                    changes.append(.alterDefault(column, nil))
                }
            } else if case .word(let word) = self.current.kind,
                ["CONVERT", "PARTITION", "ORDER", "FORCE", "ALGORITHM", "LOCK", "ALTER"].contains(word.uppercased())
            {
                let name = "ALTER TABLE " + word.uppercased()
                self.skipToEndOfStatement()
                return .unsupported(name)
            } else {
                for (name, value) in try self.parseTableOptions() { changes.append(.option(name: name, value: value)) }
                if changes.isEmpty { throw self.errorAtCurrent() }
            }
        } while self.accept(.comma)
        return .alterTable(table: table, changes: changes)
    }

    /// `FIRST` or `AFTER column` after a MODIFY or CHANGE; nil when neither follows.
    private mutating func parseColumnPosition() throws(SQLSyntaxError) -> ColumnPosition? {
        if self.accept("FIRST") { return .first }
        if self.accept("AFTER") { return .after(try self.parseIdentifier()) }
        return nil
    }

    /// `RENAME TABLE a TO b[, c TO d]`.
    mutating func parseRenameTables() throws(SQLSyntaxError) -> Statement {
        try self.expect("RENAME")
        guard self.accept("TABLE") else {
            let name = "RENAME " + (self.currentWordUppercased ?? "")
            self.skipToEndOfStatement()
            return .unsupported(name.trimmingASCIISpaces())
        }
        var renames: [TableRename] = []
        repeat {
            let from = try self.parseTableName()
            try self.expect("TO")
            renames.append(TableRename(from: from, to: try self.parseTableName()))
        } while self.accept(.comma)
        return .renameTables(renames)
    }
}
