import MySQLTypes

/// SELECT: FROM (tables, joins), WHERE, GROUP BY with aggregates, HAVING, DISTINCT, ORDER BY,
/// LIMIT, and locking reads (FOR UPDATE). It reads at the `ReadContext` it is given; which
/// snapshot that is (a stale read, the transaction's, a fresh TS) is the session's decision.
struct SelectExecutor {
    /// Expressions' variables, parameters and statement time; where warnings go.
    let environment: any ExpressionEnvironment
    /// The FROM tables by name, their row schemas, and the system tables.
    let catalog: any TableCatalog
    let storage: Storage
    /// While a recursive CTE runs its recursive members: its name's rows of the last round.
    var workingTables: [String: ResultSet] = [:]
    /// The views being expanded, outermost first (a view reading itself is 1462).
    var expandingViews: [String] = []
    /// Off while CREATE VIEW builds its query: TiDB checks ONLY_FULL_GROUP_BY when the view is read.
    var checksFullGroupBy = true

    /// Runs a SELECT at `read`.
    func query(_ select: SelectStatement, read: ReadContext) throws(MySQLError) -> ResultSet {
        var lockKeys: [LockKey] = []
        return try self.query(select, read: read, lockKeys: &lockKeys)
    }

    enum LockedRows {
        case rows(ResultSet)
        case blocked(LockWait)
    }

    /// `SELECT ... FOR UPDATE` in a pessimistic transaction: reads the newest committed rows (a
    /// fresh TS from `oracle`) and locks them, or returns the wait for another holder's lock. A
    /// commit between the read and the lock makes it read again at a newer TS.
    func lockingQuery(
        _ select: SelectStatement,
        in transaction: TransactionContext,
        oracle: TSOOracle,
        locker: PessimisticLocker
    ) throws(MySQLError) -> LockedRows {
        var lockKeys: [LockKey] = []
        while true {
            let forUpdateTS = oracle.next().rawValue
            let read = ReadContext(ts: forUpdateTS, transaction: transaction, locking: true)
            lockKeys.removeAll(keepingCapacity: true)
            let result = try self.query(select, read: read, lockKeys: &lockKeys)
            if let wait = try locker.lock(lockKeys, for: transaction) { return .blocked(wait) }
            if !self.storage.changed(lockKeys, since: forUpdateTS) { return .rows(result) }
        }
    }

    /// Runs a SELECT at `read`; a locking read collects the keys of the rows it returns.
    func query(_ select: SelectStatement, read: ReadContext, lockKeys: inout [LockKey]) throws(MySQLError) -> ResultSet
    {
        if !select.unions.isEmpty { return try self.unionQuery(select, read: read) }
        try Self.refuseMisplacedWindowCalls(select)
        var (schema, rows, condition) = try self.fromRows(select, read: read)
        var evaluator = Evaluator(environment: self.environment, schema: schema)
        if let condition {
            rows = try evaluator.rows(rows, matching: condition)
        }
        if read.locking, let schema {
            for (position, column) in schema.columns.enumerated() {
                guard let tableID = column.handleOfTable else { continue }
                for row in rows {
                    if case .bytes(let handle) = row[position] {
                        lockKeys.append(LockKey(tableID: tableID, key: handle))
                    }
                }
            }
        }

        var projections = try self.projections(select.fields, schema: schema)
        var having = select.having
        var orderBy = select.orderBy
        if !select.groupBy.isEmpty || select.hasAggregates {
            let base = schema ?? RowSchema(columns: [])
            try self.checkFullGroupBy(select, projections: projections, schema: base)
            var aggregation = Aggregation()
            for index in projections.indices {
                projections[index].expression = try aggregation.rewrite(projections[index].expression)
            }
            having = try having.map { (expression) throws(MySQLError) in
                try aggregation.rewrite(Self.substitutingAliases(expression, projections: projections))
            }
            for index in orderBy.indices {
                orderBy[index].expression = try aggregation.rewrite(orderBy[index].expression)
            }
            let keys = try select.groupBy.map { (key) throws(MySQLError) in
                try Self.groupKey(key, projections: projections, fields: select.fields, schema: base)
            }
            evaluator.schema = base
            let grouped = try aggregation.groups(rows, schema: base, by: keys, evaluator: evaluator)
            schema = grouped.schema
            rows = grouped.rows
            evaluator.schema = schema
            if let having {
                evaluator.clause = "having clause"
                rows = try evaluator.rows(rows, matching: having)
                evaluator.clause = "field list"
            }
        } else if let having {
            evaluator.clause = "having clause"
            rows = try evaluator.rows(rows, matching: Self.substitutingAliases(having, projections: projections))
            evaluator.clause = "field list"
        }
        if select.hasWindowCalls {
            (schema, rows) = try self.computeWindows(
                rows,
                schema: schema,
                projections: &projections,
                orderBy: &orderBy,
                definitions: select.windows,
                evaluator: evaluator
            )
            evaluator.schema = schema
        }
        return try self.project(
            rows,
            schema: schema,
            projections: projections,
            select: select,
            orderBy: orderBy,
            evaluator: evaluator
        )
    }

    /// The FROM rows that pass WHERE, unprojected (multi-table UPDATE and DELETE; a locking
    /// `read` adds each table's row handle).
    func matchingRows(_ select: SelectStatement, read: ReadContext) throws(MySQLError) -> (RowSchema?, [[Value]]) {
        var (schema, rows, condition) = try self.fromRows(select, read: read)
        if let condition {
            var evaluator = Evaluator(environment: self.environment, schema: schema)
            evaluator.clause = "where clause"
            rows = try evaluator.rows(rows, matching: condition)
        }
        return (schema, rows)
    }

    /// FROM: the first table read with the WHERE condition's help, the joined ones also with
    /// their ON conditions; and the WHERE condition the rows still have to pass.
    private func fromRows(
        _ select: SelectStatement,
        read: ReadContext
    ) throws(MySQLError) -> (RowSchema?, [[Value]], Expression?) {
        guard let first = select.from.first else { return (nil, [[]], select.whereClause) }
        var aliases = Set<String>()
        for item in select.from {
            let alias = (item.table.alias ?? item.table.name).lowercased()
            if !aliases.insert(alias).inserted {
                throw MySQLError(
                    code: 1066,
                    sqlState: "42000",
                    message: "Not unique table/alias: '\(item.table.alias ?? item.table.name)'"
                )
            }
        }
        // Joins order and hash on WHERE's equalities with each column's table named.
        var joinSelect = select
        joinSelect.whereClause = self.qualifyingJoinColumns(select)
        if let order = Self.commaJoinOrder(joinSelect) {
            var sources: [SourceRows] = []
            for item in select.from {
                sources.append(try self.sourceRows(item.table, condition: select.whereClause, read: read))
            }
            let keys = Self.qualifiedEqualities(joinSelect.whereClause)
            let joined = try self.joinInOrder(sources, order: order, keys: keys)
            return (joined.schema, joined.rows, select.whereClause)
        }
        // Tables before a RIGHT JOIN supply NULLs: the WHERE condition applies after the padding
        // and may not narrow their reads (`WHERE l.x IS NULL` keeps the unmatched rows).
        let lastRightJoin = select.from.lastIndex { $0.join == .right } ?? 0
        var joined = try self.sourceRows(
            first.table,
            condition: lastRightJoin == 0 ? select.whereClause : nil,
            read: read
        )
        for (position, item) in select.from.enumerated().dropFirst() {
            // A LEFT JOIN's WHERE applies after the NULL padding, so only the ON condition may
            // narrow the read of its table; a RIGHT JOIN's ON condition never drops its rows.
            let narrowing: [Expression?]
            switch item.join {
            case .inner: narrowing = position < lastRightJoin ? [item.condition] : [select.whereClause, item.condition]
            case .left: narrowing = [item.condition]
            case .right: narrowing = [select.whereClause]
            }
            let conditions = narrowing.compactMap { $0 }
            let combined = conditions.dropFirst().reduce(conditions.first) { .binary(.and, $0!, $1) }
            let next = try self.sourceRows(item.table, condition: combined, read: read)
            let using = try Self.usingColumns(item, left: joined.schema, right: next.schema)
            let condition = Self.usingCondition(using, left: joined.schema, right: next.schema, and: item.condition)
            // An inner join may also hash on WHERE's equalities between its sides (comma joins
            // have no ON): a chain of tiny tables would otherwise multiply into a cross product.
            let keys = item.join == .inner ? Self.qualifiedEqualities(joinSelect.whereClause) : []
            joined = try self.join(joined, next, on: condition, keys: keys, padding: item.join)
            if !using.isEmpty {
                joined = Self.mergingUsingColumns(
                    joined,
                    leftCount: joined.schema.columns.count - next.schema.columns.count,
                    using: using,
                    keepRight: item.join == .right
                )
            }
        }
        // With joins an unqualified name may be ambiguous: the whole condition decides.
        return (joined.schema, joined.rows, select.from.count == 1 ? joined.residual : select.whereClause)
    }

    /// A hash join on the ON condition's column equalities when it has any, otherwise every
    /// pair; the whole ON condition decides which pairs match. LEFT JOIN pads a left row without
    /// a match with NULLs for the right table, RIGHT JOIN a right row with NULLs for the left.
    func join(
        _ left: SourceRows,
        _ right: SourceRows,
        on condition: Expression?,
        keys whereConjuncts: [Expression] = [],
        padding: SelectStatement.FromItem.Join
    ) throws(MySQLError) -> SourceRows {
        var leftColumns = left.schema.columns
        var rightColumns = right.schema.columns
        if padding == .left {
            for index in rightColumns.indices { rightColumns[index].type.flags.remove(.notNull) }
        }
        if padding == .right {
            for index in leftColumns.indices { leftColumns[index].type.flags.remove(.notNull) }
        }
        let schema = RowSchema(columns: leftColumns + rightColumns)
        var keyPairs: [(left: Int, right: Int, collation: Collation?)] = []
        do {
            for conjunct in (condition.map(AccessPlanner.conjuncts) ?? []) + whereConjuncts {
                guard case .binary(.equal, .column(let a), .column(let b)) = conjunct else { continue }
                var pair: (Int, Int)?
                if let l = try? left.schema.index(of: a, clause: "on clause"),
                    let r = try? right.schema.index(of: b, clause: "on clause")
                {
                    pair = (l, r)
                } else if let l = try? left.schema.index(of: b, clause: "on clause"),
                    let r = try? right.schema.index(of: a, clause: "on clause")
                {
                    pair = (l, r)
                }
                guard let (l, r) = pair,
                    let hashing = Self.joinHashing(left.schema.columns[l].type, right.schema.columns[r].type)
                else { continue }
                keyPairs.append((l, r, hashing.collation))
            }
        }
        var table: [[Value]: [Int]] = [:]
        if !keyPairs.isEmpty {
            for (index, r) in right.rows.enumerated() {
                let key = keyPairs.map { Aggregation.normalized(r[$0.right], collation: $0.collation) }
                if key.contains(.null) { continue }
                table[key, default: []].append(index)
            }
        }
        var evaluator = Evaluator(environment: self.environment, schema: schema)
        evaluator.clause = "on clause"
        let rightNulls = [Value](repeating: .null, count: right.schema.columns.count)
        var rightMatched = [Bool](repeating: false, count: padding == .right ? right.rows.count : 0)
        var rows: [[Value]] = []
        for l in left.rows {
            let candidates =
                keyPairs.isEmpty
                ? Array(right.rows.indices)
                : table[keyPairs.map { Aggregation.normalized(l[$0.left], collation: $0.collation) }] ?? []
            var matched = false
            for index in candidates {
                let row = l + right.rows[index]
                if let condition {
                    evaluator.row = row
                    guard try evaluator.evaluate(condition).truth(warn: evaluator.warn) == true else { continue }
                }
                rows.append(row)
                matched = true
                if padding == .right { rightMatched[index] = true }
            }
            if padding == .left, !matched { rows.append(l + rightNulls) }
        }
        if padding == .right {
            let leftNulls = [Value](repeating: .null, count: left.schema.columns.count)
            for (index, r) in right.rows.enumerated() where !rightMatched[index] { rows.append(leftNulls + r) }
        }
        return SourceRows(schema: schema, rows: rows)
    }

    /// Whether an ON equality of columns of these types may match rows by hash: equal values
    /// must hash alike. Numbers of the exact kinds (integers, DECIMAL) normalize alike; strings
    /// only under one collation (its sort keys are hashed); other types only when the same. An
    /// integer against a string compares as numbers, a string against a date as dates: those
    /// pairs are left to the ON condition itself (every pair evaluated).
    static func joinHashing(_ left: FieldType, _ right: FieldType) -> JoinHashing? {
        let exactNumbers: Set<ColumnType> = [.tiny, .short, .int24, .long, .longLong, .newDecimal, .year]
        if exactNumbers.contains(left.type), exactNumbers.contains(right.type) { return JoinHashing(collation: nil) }
        if left.isStringLike || right.isStringLike {
            guard left.isStringLike, right.isStringLike, left.charset == right.charset,
                let collation = CharacterSets.collation(id: Int(left.charset))
            else { return nil }
            return JoinHashing(collation: collation)
        }
        return left.type == right.type ? JoinHashing(collation: nil) : nil
    }

    /// How a hash join keys a column pair: by value, or by its collation's sort key.
    struct JoinHashing {
        let collation: Collation?
    }
}

extension MySQLError {
    static func unknownTable(_ name: String) -> MySQLError {
        .tidb(1051, "42S02", "Unknown table '\(name)'")
    }
}
