import MySQLTypes

/// A sequence (TiDB's `SequenceInfo`): a named object in the tables' namespace that holds no rows.
public struct SequenceSchema: Sendable, Hashable {
    public var id: Int64 = 0
    public var database: String
    public var name: String
    public var start: Int64
    public var minValue: Int64
    public var maxValue: Int64
    public var increment: Int64
    /// 0: NOCACHE.
    public var cache: Int64
    public var cycle: Bool
    public var comment: String

    /// SHOW CREATE SEQUENCE's text (TiDB's `ConstructResultOfShowCreateSequence`).
    var createText: String {
        var text = "CREATE SEQUENCE `\(self.name.replacing("`", with: "``"))` start with \(self.start)"
        text += " minvalue \(self.minValue) maxvalue \(self.maxValue) increment by \(self.increment)"
        text += self.cache > 0 ? " cache \(self.cache)" : " nocache"
        text += self.cycle ? " cycle" : " nocycle"
        text += " ENGINE=InnoDB"
        if !self.comment.isEmpty { text += " COMMENT='\(self.comment.replacing("'", with: "''"))'" }
        return text
    }
}

/// Sequences share the tables' namespace, as views do (Storage+Views.swift).
extension Storage {
    func sequence(_ database: String, _ name: String) -> SequenceSchema? {
        self.state.withReadLock { $0.sequences[Self.tableKey(database, name)] }
    }

    /// Creates the sequence; false when it existed and `ifNotExists` was given.
    func createSequence(
        _ sequence: SequenceSchema,
        ifNotExists: Bool,
        statement: String,
        writeSource: UInt64 = 0
    ) throws(MySQLError) -> Bool {
        try self.state.withLock { (state) throws(MySQLError) -> Bool in
            guard state.databases[sequence.database.lowercased()] != nil else {
                throw .unknownDatabase(sequence.database)
            }
            let key = Self.tableKey(sequence.database, sequence.name)
            if state.tableIDs[key] != nil || state.views[key] != nil || state.sequences[key] != nil {
                if ifNotExists { return false }
                throw .tidb(1050, "42S01", "Table '\(sequence.database).\(sequence.name)' already exists")
            }
            var sequence = sequence
            sequence.id = state.nextTableID
            state.nextTableID += 2
            state.sequences[key] = sequence
            self.logDDL(
                &state,
                database: sequence.database,
                table: sequence.name,
                statement: statement,
                writeSource: writeSource
            )
            return true
        }
    }

    /// Drops the sequence; false when there is none of that name (the caller reports it).
    func dropSequence(database: String, name: String, statement: String, writeSource: UInt64 = 0) -> Bool {
        self.state.withLock { state in
            let key = Self.tableKey(database, name)
            guard state.sequences[key] != nil else { return false }
            state.sequences[key] = nil
            self.logDDL(&state, database: database, table: name, statement: statement, writeSource: writeSource)
            return true
        }
    }
}
