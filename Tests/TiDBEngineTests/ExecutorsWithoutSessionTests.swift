import MySQLTypes
import Testing

@testable import TiDBEngine

/// The evaluator and the statement executors run on what they are given, with no `Session`:
/// an environment that collects warnings, a storage, a transaction with its own snapshot.
struct ExecutorsWithoutSessionTests {
    // MARK: Expressions

    @Test func anExpressionsWarningsLandInItsEnvironment() throws {
        let environment = StandaloneEnvironment(storage: EngineFixture().cluster.storage)
        let value = try Evaluator(environment: environment).evaluate(try Self.expression("'12abc' + 1"))
        #expect(value == .double(13))
        #expect(environment.warnings.map(\.code) == [1292])
        #expect(environment.warnings.first?.message.contains("12abc") == true)
        #expect(environment.statementWarningCount == 1)
    }

    @Test func parametersAndVariablesAreTheEnvironments() throws {
        let environment = StandaloneEnvironment(storage: EngineFixture().cluster.storage)
        environment.parameters = [.int(2)]
        environment.userVariables["a"] = .int(40)
        let evaluator = Evaluator(environment: environment)
        #expect(try evaluator.evaluate(try Self.expression("? + @A")) == .int(42))
        // `@b := ...` and LAST_INSERT_ID(n) write into the environment.
        #expect(try evaluator.evaluate(try Self.expression("@b := 7")) == .int(7))
        #expect(environment.userVariables["b"] == .int(7))
        _ = try evaluator.evaluate(try Self.expression("LAST_INSERT_ID(9)"))
        #expect(environment.lastInsertID == 9)
        // A parameter the statement does not have is 1210.
        #expect(throws: MySQLError.incorrectExecuteArguments) { try evaluator.evaluate(.parameter(1)) }
    }

    @Test func nowIsTheEnvironmentsStatementTimeInItsZone() throws {
        let environment = StandaloneEnvironment(storage: EngineFixture().cluster.storage)
        // 2024-09-19 10:10:46.963 UTC, shown at +02:00.
        environment.statementMicroseconds = 1_726_740_646_963_000
        environment.timeZone = .fixed(seconds: 7200)
        let now = try Evaluator(environment: environment).evaluate(try Self.expression("NOW(3)"))
        #expect(now.text == "2024-09-19 12:10:46.963")
    }

    // MARK: Writes

    @Test func updateReadsAtItsTransactionsSnapshotAndWritesOnlyIntoIt() throws {
        let fixture = EngineFixture()
        let data = try TestTable(fixture.cluster)
        data.commit([1: 10, 2: 20])
        let oracle = fixture.cluster.pd.oracle
        let transaction = TransactionContext(
            startTS: oracle.next(),
            mode: .optimistic,
            readOnly: false,
            isExplicit: true
        )
        // Committed after the transaction's snapshot: its UPDATE does not see them.
        data.commit([2: 99, 3: 30])

        let environment = StandaloneEnvironment(storage: data.storage)
        let step = try UpdateExecutor(context: data.context(environment, transaction), reportsFoundRows: false)
            .run(try Self.statement("UPDATE t SET v = v + 1 WHERE v >= 10", as: \.asUpdate))
        guard case .done(.ok(let affected, _, let info)) = step else {
            Issue.record("UPDATE did not finish: \(step)")
            return
        }
        #expect(affected == 2)
        #expect(info == "Rows matched: 2  Changed: 2  Warnings: 0")
        #expect(transaction.pending(data.table.id, data.handle(1))?.values == [.int(1), .int(11)])
        #expect(transaction.pending(data.table.id, data.handle(2))?.values == [.int(2), .int(21)])
        #expect(transaction.pending(data.table.id, data.handle(3)) == nil)
        // Nothing is committed: the storage still has the newest commit's values.
        #expect(data.storage.latestRow(tableID: data.table.id, handle: data.handle(1)) == [.int(1), .int(10)])
    }

    @Test func updateConvertsByTheDataModesItIsGiven() throws {
        let fixture = EngineFixture()
        let data = try TestTable(fixture.cluster)
        data.commit([1: 10])
        let update = try Self.statement("UPDATE t SET v = 3000000000 WHERE id = 1", as: \.asUpdate)
        func transaction() -> TransactionContext {
            TransactionContext(
                startTS: fixture.cluster.pd.oracle.next(),
                mode: .optimistic,
                readOnly: false,
                isExplicit: true
            )
        }

        let strict = StandaloneEnvironment(storage: data.storage)
        #expect(throws: MySQLError.self) {
            try UpdateExecutor(context: data.context(strict, transaction()), reportsFoundRows: false).run(update)
        }

        let lenient = StandaloneEnvironment(storage: data.storage)
        let writing = transaction()
        let context = data.context(lenient, writing, dataModes: DataModes(sqlMode: ""))
        _ = try UpdateExecutor(context: context, reportsFoundRows: false).run(update)
        #expect(lenient.warnings.map(\.code) == [1264])
        #expect(writing.pending(data.table.id, data.handle(1))?.values == [.int(1), .int(2_147_483_647)])
    }

    @Test func aPessimisticUpdateReturnsTheWaitForAnotherHoldersLock() throws {
        let fixture = EngineFixture()
        let data = try TestTable(fixture.cluster)
        data.commit([1: 10])
        let oracle = fixture.cluster.pd.oracle
        let holder = TransactionContext(startTS: oracle.next(), mode: .pessimistic, readOnly: false, isExplicit: true)
        let locker = PessimisticLocker(storage: data.storage)
        #expect(try locker.lock([LockKey(tableID: data.table.id, key: data.handle(1))], for: holder) == nil)

        let waiter = TransactionContext(startTS: oracle.next(), mode: .pessimistic, readOnly: false, isExplicit: true)
        let context = data.context(StandaloneEnvironment(storage: data.storage), waiter)
        let step = try UpdateExecutor(context: context, reportsFoundRows: false)
            .run(try Self.statement("UPDATE t SET v = 0 WHERE id = 1", as: \.asUpdate))
        guard case .blocked(let wait) = step else {
            Issue.record("UPDATE of a locked row did not wait: \(step)")
            return
        }
        #expect(wait.holder == holder.id && wait.waiter == waiter.id)
        #expect(waiter.writes.isEmpty)
    }

    @Test func insertIgnoreWarnsIntoItsEnvironment() throws {
        let fixture = EngineFixture()
        let data = try TestTable(fixture.cluster)
        data.commit([1: 10])
        let transaction = TransactionContext(
            startTS: fixture.cluster.pd.oracle.next(),
            mode: .optimistic,
            readOnly: false,
            isExplicit: true
        )
        let environment = StandaloneEnvironment(storage: data.storage)
        let step = try InsertExecutor(context: data.context(environment, transaction))
            .run(try Self.statement("INSERT IGNORE INTO t VALUES (1, 5), (4, 40)", as: \.asInsert))
        guard case .done(.ok(let affected, _, let info)) = step else {
            Issue.record("INSERT did not finish: \(step)")
            return
        }
        #expect(affected == 1)
        #expect(info == "Records: 2  Duplicates: 1  Warnings: 1")
        #expect(environment.warnings.map(\.code) == [1062])
        #expect(transaction.pending(data.table.id, data.handle(4))?.values == [.int(4), .int(40)])
        #expect(transaction.pending(data.table.id, data.handle(1)) == nil)
    }

    // MARK: Reads

    @Test func selectReadsAtTheTimestampItIsGiven() throws {
        let fixture = EngineFixture()
        let data = try TestTable(fixture.cluster)
        data.commit([1: 10])
        let before = fixture.cluster.pd.oracle.next().rawValue
        data.commit([2: 20])
        let environment = StandaloneEnvironment(storage: data.storage)
        let executor = SelectExecutor(environment: environment, catalog: environment, storage: data.storage)
        let select = try Self.statement("SELECT id, v FROM t ORDER BY id", as: \.asSelect)
        #expect(try executor.query(select, read: ReadContext(ts: before)).rows == [[.int(1), .int(10)]])
        let now = fixture.cluster.pd.oracle.next().rawValue
        #expect(try executor.query(select, read: ReadContext(ts: now)).rows.count == 2)
    }

    // MARK: Helpers

    private static func expression(_ text: String) throws -> Expression {
        let select = try Self.statement("SELECT \(text)", as: \.asSelect)
        guard case .expression(let expression, _, _) = select.fields.first else { throw TestFailure() }
        return expression
    }

    private static func statement<T>(_ sql: String, as kind: KeyPath<Statement, T?>) throws -> T {
        try #require(try Parser.parse(sql).first?.statement[keyPath: kind])
    }
}

extension Statement {
    fileprivate var asSelect: SelectStatement? { if case .select(let select) = self { select } else { nil } }
    fileprivate var asInsert: InsertStatement? { if case .insert(let insert) = self { insert } else { nil } }
    fileprivate var asUpdate: UpdateStatement? { if case .update(let update) = self { update } else { nil } }
}

/// `test.t (id INT PRIMARY KEY, v INT)` created and filled straight in the storage.
private struct TestTable {
    let storage: Storage
    let oracle: TSOOracle
    let table: TableSchema

    init(_ cluster: Cluster) throws {
        self.storage = cluster.storage
        self.oracle = cluster.pd.oracle
        let schema = TableSchema(
            id: 0,
            database: "test",
            name: "t",
            columns: [
                ColumnSchema(name: "id", type: SQLType(.int), isNullable: false),
                ColumnSchema(name: "v", type: SQLType(.int)),
            ],
            indexes: [IndexSchema(name: "PRIMARY", columns: [0], isUnique: true, isPrimary: true)]
        )
        try self.storage.createTable(schema, ifNotExists: false, autoIncrementStart: nil, statement: "")
        self.table = try #require(self.storage.table("test", "t"))
    }

    func handle(_ id: Int64) -> [UInt8] {
        KeyEncoding.encode([.int(id)], types: [self.table.columns[0].type])
    }

    /// Commits `v` for each `id` (a new row or a new version) in a transaction of its own.
    func commit(_ rows: [Int64: Int64]) {
        let transaction = TransactionContext(
            startTS: self.oracle.next(),
            mode: .optimistic,
            readOnly: false,
            isExplicit: true
        )
        for (id, v) in rows {
            let handle = self.handle(id)
            let isInsert = self.storage.latestRow(tableID: self.table.id, handle: handle) == nil
            transaction.write(self.table.id, handle, [.int(id), .int(v)], isInsert: isInsert)
        }
        let result = self.storage.commit(
            transaction.writes,
            transaction: transaction.id,
            lockedKeys: [],
            checkConflictsSince: nil
        )
        if case .failure(let failure) = result { Issue.record("commit failed: \(failure)") }
    }

    func context(
        _ environment: StandaloneEnvironment,
        _ transaction: TransactionContext,
        dataModes: DataModes = DataModes()
    ) -> WriteContext {
        WriteContext(
            environment: environment,
            catalog: environment,
            storage: self.storage,
            transaction: transaction,
            oracle: self.oracle,
            dataModes: dataModes,
            locker: PessimisticLocker(storage: self.storage)
        )
    }
}

/// What a statement may use of a connection, held in plain fields; tables come straight from the
/// storage in database `test`.
private final class StandaloneEnvironment: ExpressionEnvironment, TableCatalog {
    let storage: Storage
    var warnings: [MySQLError] = []
    var userVariables: [String: Value] = [:]
    var parameters: [Value] = []
    var lastInsertID: UInt64 = 0
    var statementMicroseconds: Int64 = 0
    var timeZone: SessionTimeZone = .fixed(seconds: 0)
    let connectionCollation = Collation.utf8mb4Bin
    let isInterrupted = false
    let connectionID: UInt64 = 7
    let user = "root"
    let clientHost = "127.0.0.1"
    let account = UserAccount(name: "root", password: "")
    let currentDatabase: String? = "test"
    let serverVersion = "8.0.11-TiDB-test"
    let versionInfo = "Release Version: test"
    let transactionStartTS: TSO? = nil

    init(storage: Storage) { self.storage = storage }

    func warn(_ warning: MySQLError) { self.warnings.append(warning) }
    var statementWarningCount: Int { self.warnings.count }

    func readSystemVariable(
        _ name: String,
        scope: VariableScope?
    ) throws(MySQLError) -> (SystemVariableDefinition, String) {
        guard let definition = SystemVariables.definition(name) else { throw .unknownSystemVariable(name) }
        return (definition, definition.defaultValue)
    }

    func sessionVariableValue(_ name: String) -> String { SystemVariables.definition(name)?.defaultValue ?? "" }
    func userVariable(_ name: String) -> Value? { self.userVariables[name] }
    func setUserVariable(_ name: String, to value: Value) { self.userVariables[name] = value }
    func parameter(_ index: Int) -> Value? { index < self.parameters.count ? self.parameters[index] : nil }
    func currentMicroseconds() -> Int64 { self.statementMicroseconds }
    func builtin(named name: String) -> Builtin? { Builtins.functions[name] }

    /// Subqueries read the newest committed rows.
    func subqueryResult(_ select: SelectStatement) throws(MySQLError) -> ResultSet {
        try SelectExecutor(environment: self, catalog: self, storage: self.storage)
            .query(select, read: ReadContext(ts: UInt64.max >> 1))
    }

    func userTable(_ name: TableName) throws(MySQLError) -> TableSchema {
        let database = name.database ?? "test"
        guard let table = self.storage.table(database, name.name) else {
            throw .tableDoesNotExist(schema: database, table: name.name)
        }
        return table
    }

    func rowSchema(of table: TableSchema, alias: String, withHandle: Bool) -> RowSchema {
        RowSchema(of: table, alias: alias, withHandle: withHandle)
    }

    func systemTableRows(database: String, table: String, alias: String) throws(MySQLError) -> SourceRows {
        throw .notSupportedYet("SELECT FROM \(database).\(table)")
    }
}
