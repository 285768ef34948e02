import MySQLTypes

/// CREATE SEQUENCE, DROP SEQUENCE, SHOW CREATE SEQUENCE, and the DML TiDB refuses on a
/// sequence. NEXTVAL, LASTVAL, SETVAL and `NEXT VALUE FOR` are not implemented (docs/tidb).
extension Session {
    func executeSequence(_ statement: SequenceStatement) throws(MySQLError) {
        if !self.variables.snapshotSetting.isEmpty {
            throw .unknown("can not execute write statement when 'tidb_snapshot' is set")
        }
        try self.commit()
        switch statement {
        case .create(let create):
            guard let database = create.name.database ?? self.identity.currentDatabase else {
                throw .noDatabaseSelected
            }
            try Self.checkIdentifier(create.name.name)
            let sequence = try Self.sequenceSchema(create, database: database)
            let created = try self.cluster.storage.createSequence(
                sequence,
                ifNotExists: create.ifNotExists,
                statement: self.currentStatement.text,
                writeSource: self.writeSource
            )
            if !created {
                self.addWarning(
                    .tidb(1050, "42S01", "Table '\(database).\(create.name.name)' already exists"),
                    level: .note
                )
            }
        case .drop(let names, let ifExists):
            try self.dropSequences(names, ifExists: ifExists)
        }
    }

    /// TiDB's `handleSequenceOptions` defaults (by the sign of the increment) and
    /// `validateSequenceOptions` (4136 when they conflict).
    static func sequenceSchema(_ create: CreateSequenceStatement, database: String) throws(MySQLError) -> SequenceSchema
    {
        let increment = create.increment ?? 1
        let minValue: Int64
        let maxValue: Int64
        let start: Int64
        if increment >= 0 {
            minValue = create.minValue ?? 1
            maxValue = create.maxValue ?? Int64.max - 1
            start = create.start ?? max(minValue, 1)
        } else {
            maxValue = create.maxValue ?? -1
            minValue = create.minValue ?? Int64.min + 1
            start = create.start ?? min(maxValue, -1)
        }
        let cache = create.cache ?? 1000
        let valid =
            increment != 0 && maxValue >= start && maxValue > minValue && start >= minValue && maxValue != Int64.max
            && minValue != Int64.min && cache >= 0
        guard valid else {
            throw .tidb(4136, "HY000", "Sequence '\(database).\(create.name.name)' values are conflicting")
        }
        return SequenceSchema(
            database: database,
            name: create.name.name,
            start: start,
            minValue: minValue,
            maxValue: maxValue,
            increment: increment,
            cache: cache,
            cycle: create.cycle,
            comment: create.comment
        )
    }

    /// Drops those that exist; the missing ones are one 4139 (a note with IF EXISTS), a table
    /// of that name 1347.
    private func dropSequences(_ names: [TableName], ifExists: Bool) throws(MySQLError) {
        let missing = try self.dropSchemaObjects(names, kind: "SEQUENCE") { database, name in
            self.cluster.storage.dropSequence(
                database: database,
                name: name,
                statement: self.currentStatement.text,
                writeSource: self.writeSource
            )
        }
        guard !missing.isEmpty else { return }
        let error = MySQLError.tidb(4139, "42S02", "Unknown SEQUENCE: '\(missing.joined(separator: ","))'")
        if ifExists { self.addWarning(error, level: .note) } else { throw error }
    }

    /// The sequence `name` names, if it is one.
    func userSequence(_ name: TableName) throws(MySQLError) -> SequenceSchema? {
        guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        return self.cluster.storage.sequence(database, name.name)
    }

    /// SHOW CREATE SEQUENCE, and SHOW CREATE TABLE of a sequence.
    func showCreateSequence(_ name: TableName) throws(MySQLError) -> ResultSet {
        guard let database = name.database ?? self.identity.currentDatabase else { throw .noDatabaseSelected }
        guard let sequence = self.cluster.storage.sequence(database, name.name) else {
            if self.cluster.storage.table(database, name.name) != nil {
                throw .tidb(1347, "HY000", "'\(database).\(name.name)' is not SEQUENCE")
            }
            throw .tableDoesNotExist(schema: database, table: name.name)
        }
        let text = sequence.createText
        return ResultSet(
            columns: [
                FieldType.showColumn(longest: sequence.name.count).column(named: "Sequence"),
                FieldType.showColumn(longest: text.count).column(named: "Create Sequence"),
            ],
            rows: [[.string(sequence.name), .string(text)]]
        )
    }

    /// INSERT, REPLACE and DELETE of a sequence are refused by name; UPDATE finds none of the
    /// columns it sets (a sequence has no columns to the planner).
    func checkNotSequence(_ statement: Statement, target: TableName) throws(MySQLError) {
        guard let sequence = try? self.userSequence(target) else { return }
        switch statement {
        case .insert(let insert):
            let verb = insert.replace ? "replace into" : "insert into"
            throw .tidb(1105, "HY000", "\(verb) sequence \(sequence.name) is not supported now")
        case .delete:
            throw .tidb(1105, "HY000", "delete sequence \(sequence.name) is not supported now")
        case .update(let update):
            throw .unknownColumn(update.assignments.first?.column.name ?? "", in: "field list")
        default:
            return
        }
    }
}
