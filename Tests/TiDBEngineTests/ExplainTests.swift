import MySQLTypes
import Testing

@testable import TiDBEngine

/// EXPLAIN, EXPLAIN ANALYZE, ANALYZE TABLE, ADMIN CHECK and index hints (issue 20). The plan
/// shapes and pseudo estimates are TiDB v8.5's for these simple statements (its integration
/// tests' `explain format = 'brief'` results); plans in general are not a compatibility promise.
@Suite struct ExplainTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, KEY ia (a), UNIQUE KEY ub (b))")
        session.run("INSERT INTO t VALUES (1, 10, 100), (2, 20, 200), (3, 20, 300), (4, NULL, 400)")
        return session
    }

    func plan(_ session: Session, _ sql: String) throws -> [String] {
        try session.query(sql).rows.map { row in row.map { $0.text ?? "NULL" }.joined(separator: "\t") }
    }

    @Test func columnsAreTiDBs() throws {
        let session = try self.session()
        #expect(
            try session.query("EXPLAIN SELECT * FROM t").columns.map(\.name)
                == ["id", "estRows", "task", "access object", "operator info"]
        )
        #expect(
            try session.query("EXPLAIN ANALYZE SELECT * FROM t").columns.map(\.name)
                == [
                    "id", "estRows", "actRows", "task", "access object", "execution info", "operator info", "memory",
                    "disk",
                ]
        )
    }

    @Test func pointGetsAndScansWithPseudoStatistics() throws {
        let session = try self.session()
        #expect(
            try self.plan(session, "EXPLAIN FORMAT = 'brief' SELECT * FROM t WHERE id = 1") == [
                "Point_Get\t1.00\troot\ttable:t\thandle:1"
            ]
        )
        #expect(
            try self.plan(session, "EXPLAIN SELECT * FROM t WHERE id = 1") == [
                "Point_Get_1\t1.00\troot\ttable:t\thandle:1"
            ]
        )
        #expect(
            try self.plan(session, "EXPLAIN FORMAT = 'brief' SELECT * FROM t WHERE id IN (1, 2)") == [
                "Batch_Point_Get\t2.00\troot\ttable:t\thandle:[1 2], keep order:false, desc:false"
            ]
        )
        #expect(
            try self.plan(session, "EXPLAIN FORMAT = 'brief' SELECT * FROM t") == [
                "TableReader\t10000.00\troot\t\tdata:TableFullScan",
                "└─TableFullScan\t10000.00\tcop[tikv]\ttable:t\tkeep order:false, stats:pseudo",
            ]
        )
        #expect(
            try self.plan(session, "EXPLAIN FORMAT = 'brief' SELECT * FROM t WHERE id > 5") == [
                "TableReader\t3333.33\troot\t\tdata:TableRangeScan",
                "└─TableRangeScan\t3333.33\tcop[tikv]\ttable:t\trange:(5,+inf], keep order:false, stats:pseudo",
            ]
        )
        #expect(
            try self.plan(session, "EXPLAIN FORMAT = 'brief' SELECT * FROM t WHERE a = 1") == [
                "IndexLookUp\t10.00\troot\t\t",
                "├─IndexRangeScan(Build)\t10.00\tcop[tikv]\ttable:t, index:ia(a)\trange:[1,1], keep order:false, stats:pseudo",
                "└─TableRowIDScan(Probe)\t10.00\tcop[tikv]\ttable:t\tkeep order:false, stats:pseudo",
            ]
        )
        #expect(
            try self.plan(session, "EXPLAIN FORMAT = 'brief' SELECT * FROM t WHERE b = 100") == [
                "Point_Get\t1.00\troot\ttable:t, index:ub(b)\t"
            ]
        )
    }

    @Test func selectionsJoinsAggregatesAndOrdering() throws {
        let session = try self.session()
        session.run("CREATE TABLE u (id INT PRIMARY KEY, t_id INT, c INT)")
        // Ids number the operators depth first; a reader names its child.
        #expect(
            try self.plan(session, "EXPLAIN SELECT * FROM u WHERE c = 1") == [
                "TableReader_1\t10.00\troot\t\tdata:Selection_2",
                "└─Selection_2\t10.00\tcop[tikv]\t\teq(test.u.c, 1)",
                "  └─TableFullScan_3\t10000.00\tcop[tikv]\ttable:u\tkeep order:false, stats:pseudo",
            ]
        )
        let join = try self.plan(
            session,
            "EXPLAIN FORMAT = 'brief' SELECT t.a, u.c FROM t JOIN u ON t.id = u.t_id WHERE u.c > 3"
        )
        #expect(join.first == "HashJoin\t12500.00\troot\t\tinner join, equal:[eq(test.t.id, test.u.t_id)]")
        #expect(join.contains("│ └─Selection\t3333.33\tcop[tikv]\t\tgt(test.u.c, 3)"))
        let grouped = try self.plan(
            session,
            "EXPLAIN FORMAT = 'brief' SELECT a, COUNT(*) FROM t GROUP BY a ORDER BY a LIMIT 2"
        )
        // t's three columns are Column#1-3 (its integer key is the handle): COUNT(*) is Column#4.
        #expect(grouped.first == "Projection\t2.00\troot\t\ttest.t.a, Column#4")
        #expect(grouped[1] == "└─TopN\t2.00\troot\t\ttest.t.a, offset:0, count:2")
        #expect(
            grouped[2]
                == "  └─HashAgg\t8000.00\troot\t\tgroup by:test.t.a, funcs:count(1)->Column#4, funcs:firstrow(test.t.a)->test.t.a"
        )
        #expect(
            try self.plan(session, "EXPLAIN FORMAT = 'brief' SELECT 1") == [
                "Projection\t1.00\troot\t\t1->Column#1", "└─TableDual\t1.00\troot\t\trows:1",
            ]
        )
    }

    /// executor/point_get.result: a constant no value of the key's type equals reads nothing
    /// (TableDual); '1.0' is the integer 1.
    @Test func keyPointsOutsideTheColumnsTypeReadNothing() throws {
        let session = try self.session()
        session.run("CREATE TABLE p (pk INT1 PRIMARY KEY)")
        session.run("INSERT INTO p VALUES (1), (127)")
        for constant in ["256", "1.1", "-129", "18446744073709551616"] {
            #expect(
                try self.plan(session, "EXPLAIN FORMAT='brief' SELECT * FROM p WHERE pk = \(constant)") == [
                    "TableDual\t0.00\troot\t\trows:0"
                ]
            )
            #expect(try session.query("SELECT * FROM p WHERE pk = \(constant)").rows.isEmpty)
        }
        #expect(
            try self.plan(session, "EXPLAIN FORMAT='brief' SELECT * FROM p WHERE pk = '1.0'") == [
                "Point_Get\t1.00\troot\ttable:p\thandle:1"
            ]
        )
        #expect(try session.query("SELECT pk FROM p WHERE pk IN (1, 300, 127)").rows.count == 2)
    }

    /// TiDB's plans from collation_agg_func.result: aggregates numbered after the columns and the
    /// hidden _tidb_rowid, no projection over bare aggregates, DISTINCT aggregates streamed.
    @Test func aggregatesAreNumberedAndPrintedAsTiDBDoes() throws {
        let session = try self.session()
        session.run("CREATE TABLE g (id INT, value VARCHAR(20), value1 VARCHAR(20))")
        let scan = [
            "└─TableReader\t10000.00\troot\t\tdata:TableFullScan",
            "  └─TableFullScan\t10000.00\tcop[tikv]\ttable:g\tkeep order:false, stats:pseudo",
        ]
        #expect(
            try self.plan(session, "DESC FORMAT='brief' SELECT GROUP_CONCAT(value ORDER BY 1) FROM g") == [
                "HashAgg\t1.00\troot\t\tfuncs:group_concat(test.g.value order by test.g.value separator \",\")->Column#5"
            ] + scan
        )
        #expect(
            try self.plan(session, "DESC FORMAT='brief' SELECT COUNT(DISTINCT value, value1) FROM g") == [
                "StreamAgg\t1.00\troot\t\tfuncs:count(distinct test.g.value, test.g.value1)->Column#5"
            ] + scan
        )
        let lowered = try self.plan(session, "DESC FORMAT='brief' SELECT LOWER(GROUP_CONCAT(DISTINCT value)) FROM g x")
        #expect(lowered.first == "Projection\t1.00\troot\t\tlower(Column#5)->Column#6")
        #expect(
            lowered[1]
                == "└─StreamAgg\t1.00\troot\t\tfuncs:group_concat(distinct test.g.value separator \",\")->Column#5"
        )
        // Columns in the table's order need no projection; out of order they do.
        #expect(
            try self.plan(session, "DESC FORMAT='brief' SELECT id, value1 FROM g").first?.hasPrefix("TableReader")
                == true
        )
        #expect(
            try self.plan(session, "DESC FORMAT='brief' SELECT value1, id FROM g").first
                == "Projection\t10000.00\troot\t\ttest.g.value1, test.g.id"
        )
    }

    @Test func analyzeTableReplacesPseudoEstimatesWithCounts() throws {
        let session = try self.session()
        session.run("ANALYZE TABLE t")
        let warnings = try session.query("SHOW WARNINGS").rows.map { $0.map { $0.text ?? "" } }
        #expect(
            warnings == [
                [
                    "Note", "1105",
                    "Analyze use auto adjusted sample rate 1.000000 for table test.t, reason to use this rate is \"use min(1, 110000/4) as the sample-rate=1\"",
                ]
            ]
        )
        #expect(
            try self.plan(session, "EXPLAIN FORMAT = 'brief' SELECT * FROM t WHERE a = 20") == [
                "IndexLookUp\t2.00\troot\t\t",
                "├─IndexRangeScan(Build)\t2.00\tcop[tikv]\ttable:t, index:ia(a)\trange:[20,20], keep order:false",
                "└─TableRowIDScan(Probe)\t2.00\tcop[tikv]\ttable:t\tkeep order:false",
            ]
        )
        session.run("CREATE TABLE empty (id INT PRIMARY KEY)")
        session.run("ANALYZE TABLE empty")
        #expect(
            try session.query("SHOW WARNINGS").rows.first?[2].text
                == "Analyze use auto adjusted sample rate 1.000000 for table test.empty, reason to use this rate is \"TiDB assumes that the table is empty, use sample-rate=1\""
        )
        #expect(session.failure("ANALYZE TABLE missing")?.code == 1146)
    }

    @Test func explainAnalyzeCountsRowsAndRunsTheStatement() throws {
        let session = try self.session()
        let rows = try session.query("EXPLAIN ANALYZE SELECT * FROM t WHERE a + 1 > 15").rows
        #expect(rows.map { $0[0].text } == ["TableReader_1", "└─Selection_2", "  └─TableFullScan_3"])
        #expect(rows.map { $0[2].text } == ["2", "2", "4"])
        #expect(rows.allSatisfy { $0[5].text?.hasPrefix("time:") == true && $0[5].text?.contains(", loops:") == true })
        let update = try session.query("EXPLAIN ANALYZE UPDATE t SET a = 0 WHERE id = 2").rows
        #expect(update.map { $0[0].text } == ["Update_1", "└─Point_Get_2"])
        #expect(update.map { $0[1].text } == ["N/A", "1.00"])
        #expect(try session.scalar("SELECT a FROM t WHERE id = 2") == "0")
    }

    @Test func indexHintsRestrictIndexesAndNameThemCorrectly() throws {
        let session = try self.session()
        #expect(
            try self.plan(session, "EXPLAIN FORMAT = 'brief' SELECT * FROM t IGNORE INDEX (ia) WHERE a = 1") == [
                "TableReader\t10.00\troot\t\tdata:Selection",
                "└─Selection\t10.00\tcop[tikv]\t\teq(test.t.a, 1)",
                "  └─TableFullScan\t10000.00\tcop[tikv]\ttable:t\tkeep order:false, stats:pseudo",
            ]
        )
        #expect(try session.query("SELECT id FROM t USE INDEX () WHERE a = 20 ORDER BY id").rows.count == 2)
        #expect(try session.query("SELECT id FROM t FORCE INDEX (ia) WHERE a = 20").rows.count == 2)
        #expect(try session.query("SELECT id FROM t IGNORE KEY (ia, ub) WHERE b = 300").rows.count == 1)
        let missing = session.failure("SELECT * FROM t USE INDEX (nope)")
        #expect(missing?.code == 1176)
        #expect(missing?.message == "Key 'nope' doesn't exist in table 't'")
    }

    @Test func adminCheckTableAndIndex() throws {
        let session = try self.session()
        session.run("UPDATE t SET a = 30 WHERE id = 1")
        session.run("DELETE FROM t WHERE id = 3")
        #expect(session.failure("ADMIN CHECK TABLE t") == nil)
        #expect(session.failure("ADMIN CHECK INDEX t ia") == nil)
        let missing = session.failure("ADMIN CHECK INDEX t nope")
        #expect(missing?.code == 1105)
        #expect(missing?.message == "index nope do not exist")
        #expect(session.failure("ADMIN CHECK TABLE missing")?.code == 1146)
    }

    @Test func unsupportedFormatsAreRefusedClearly() throws {
        let session = try self.session()
        let error = session.failure("EXPLAIN FORMAT = 'dot' SELECT * FROM t")
        #expect(error?.code == 1235)
        #expect(error?.message.contains("EXPLAIN FORMAT = 'dot'") == true)
        // `traditional` is TiDB's alias of `row` (Django sends it).
        #expect(
            try self.plan(session, "EXPLAIN FORMAT = \"TRADITIONAL\" SELECT * FROM t WHERE id = 1")
                == (try self.plan(session, "EXPLAIN FORMAT = 'row' SELECT * FROM t WHERE id = 1"))
        )
    }
}
