import Testing

@testable import TiDBEngine

/// Point lookups and key ranges follow key order; only conditions no key can serve scan the table.
struct AccessPlannerTests {
    private func plan(_ whereClause: String) throws -> AccessPlanner.Plan {
        let fixture = EngineFixture()
        let session = try fixture.session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(10), KEY k_1 (k))")
        let table = try #require(fixture.cluster.storage.table("test", "t"))
        let parsed = try Parser.parse("SELECT * FROM t WHERE \(whereClause)")
        guard case .select(let select) = parsed[0].statement else {
            Issue.record("not a SELECT")
            throw TestFailure()
        }
        let evaluator = Evaluator(environment: session, schema: RowSchema(of: table, alias: "t", withHandle: false))
        return AccessPlanner(table: table, alias: "t", evaluator: evaluator).plan(select.whereClause)
    }

    /// The handle of `id` in `t` (an INT primary key).
    private func handle(_ id: Int64) -> [UInt8] {
        KeyEncoding.encode([.int(id)], types: [Self.idType])
    }

    private static let idType: SQLType = {
        let fixture = EngineFixture()
        let session = try! fixture.session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY)")
        return fixture.cluster.storage.table("test", "t")!.columns[0].type
    }()

    @Test func primaryKeyPointsAreLookupsDecidedExactly() throws {
        let point = try self.plan("id = 5")
        #expect(point.path == .handles([self.handle(5)]))
        #expect(point.residual == nil)
        #expect(try self.plan("id IN (3, 1)").path == .handles([self.handle(3), self.handle(1)]))
        let withFilter = try self.plan("id = 5 AND c = 'x'")
        #expect(withFilter.path == .handles([self.handle(5)]))
        #expect(withFilter.residual != nil)
    }

    @Test func primaryKeyAndIndexRangesAreKeyRanges() throws {
        guard case .handleRange(let lower?, let upper?) = try self.plan("id BETWEEN 3 AND 7").path else {
            Issue.record("BETWEEN on the primary key is not a handle range")
            return
        }
        #expect(ByteOrder.compare(lower, self.handle(3)) == 0)
        #expect(ByteOrder.compare(upper, self.handle(7)) > 0 && ByteOrder.compare(upper, self.handle(8)) <= 0)
        guard case .index(let name, let ranges) = try self.plan("k > 10").path else {
            Issue.record("a range on an indexed column does not use the index")
            return
        }
        #expect(name == "k_1" && ranges.count == 1)
        guard case .index("k_1", let points) = try self.plan("k IN (1, 2)").path else {
            Issue.record("points on an indexed column do not use the index")
            return
        }
        #expect(points.count == 2)
    }

    @Test func onlyUnkeyedConditionsScan() throws {
        #expect(try self.plan("c = 'x'").path == .full)
        #expect(try self.plan("id = 1 OR c = 'x'").path == .full)
        #expect(try self.plan("1 = 0").path == .handles([]))
    }
}
