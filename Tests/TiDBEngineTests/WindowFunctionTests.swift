import MySQLTypes
import Testing

@testable import TiDBEngine

/// Window functions (`OVER`), named windows, frames, result types and TiDB's window errors.
@Suite struct WindowFunctionTests {
    func session() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE s (id INT PRIMARY KEY, dept VARCHAR(10), pay INT)")
        session.run(
            "INSERT INTO s VALUES (1, 'a', 10), (2, 'a', 20), (3, 'a', 20), (4, 'b', 5), (5, 'b', NULL), (6, 'c', 7)"
        )
        return session
    }

    func rows(_ session: Session, _ sql: String) throws -> [[String?]] {
        try session.query(sql).rows.map { $0.map(\.text) }
    }

    @Test func rankingFunctionsOverPartitions() throws {
        let session = try self.session()
        let rows = try self.rows(
            session,
            """
            SELECT id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY pay, id) AS rn, RANK() OVER w AS r,
            DENSE_RANK() OVER w AS dr FROM s WINDOW w AS (PARTITION BY dept ORDER BY pay) ORDER BY id
            """
        )
        #expect(
            rows == [
                ["1", "1", "1", "1"], ["2", "2", "2", "2"], ["3", "3", "2", "2"], ["4", "2", "2", "2"],
                ["5", "1", "1", "1"], ["6", "1", "1", "1"],
            ]
        )
    }

    @Test func distributionFunctions() throws {
        let session = try self.session()
        let rows = try self.rows(
            session,
            """
            SELECT id, PERCENT_RANK() OVER (ORDER BY pay) AS pr, CUME_DIST() OVER (ORDER BY pay) AS cd,
            NTILE(4) OVER (ORDER BY pay, id) AS nt FROM s ORDER BY id
            """
        )
        #expect(
            rows == [
                ["1", "0.6", "0.6666666666666666", "2"], ["2", "0.8", "1", "3"], ["3", "0.8", "1", "4"],
                ["4", "0.2", "0.3333333333333333", "1"], ["5", "0", "0.16666666666666666", "1"],
                ["6", "0.4", "0.5", "2"],
            ]
        )
    }

    @Test func lagLeadAndValueFunctions() throws {
        let session = try self.session()
        #expect(
            try self.rows(
                session,
                "SELECT id, LAG(pay) OVER (ORDER BY id), LEAD(pay, 2, -1) OVER (ORDER BY id) FROM s ORDER BY id"
            ) == [
                ["1", nil, "20"], ["2", "10", "5"], ["3", "20", nil], ["4", "20", "7"], ["5", "5", "-1"],
                ["6", nil, "-1"],
            ]
        )
        #expect(
            try self.rows(
                session,
                """
                SELECT id, FIRST_VALUE(pay) OVER w, LAST_VALUE(pay) OVER w, NTH_VALUE(pay, 2) OVER w FROM s
                WINDOW w AS (PARTITION BY dept ORDER BY id) ORDER BY id
                """
            ) == [
                ["1", "10", "10", nil], ["2", "10", "20", "20"], ["3", "10", "20", "20"], ["4", "5", "5", nil],
                ["5", "5", nil, nil], ["6", "7", "7", nil],
            ]
        )
    }

    @Test func aggregatesWithDefaultAndExplicitFrames() throws {
        let session = try self.session()
        #expect(
            try self.rows(
                session,
                """
                SELECT id, SUM(pay) OVER (ORDER BY id), SUM(pay) OVER (), COUNT(*) OVER (PARTITION BY dept),
                AVG(pay) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM s ORDER BY id
                """
            ) == [
                ["1", "10", "62", "3", "15.0000"], ["2", "30", "62", "3", "16.6667"],
                ["3", "50", "62", "3", "15.0000"],
                ["4", "55", "62", "2", "12.5000"], ["5", "55", "62", "2", "6.0000"], ["6", "62", "62", "1", "7.0000"],
            ]
        )
        // The default frame with ORDER BY is RANGE ... CURRENT ROW: peers (equal pay) count together.
        #expect(
            try self.rows(
                session,
                """
                SELECT id, SUM(pay) OVER (ORDER BY pay), SUM(pay) OVER (ORDER BY pay RANGE BETWEEN 5 PRECEDING AND CURRENT ROW),
                MAX(pay) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND UNBOUNDED FOLLOWING) FROM s ORDER BY id
                """
            ) == [
                ["1", "22", "22", "20"], ["2", "62", "40", "7"], ["3", "62", "40", "7"], ["4", "5", "5", "7"],
                ["5", nil, nil, nil], ["6", "12", "12", nil],
            ]
        )
    }

    @Test func namedWindowsGroupByAndOrderBy() throws {
        let session = try self.session()
        #expect(
            try self.rows(
                session,
                "SELECT id, SUM(pay) OVER (w ORDER BY id) FROM s WINDOW w AS (PARTITION BY dept) ORDER BY id"
            ) == [["1", "10"], ["2", "30"], ["3", "50"], ["4", "5"], ["5", "5"], ["6", "7"]]
        )
        #expect(
            try self.rows(
                session,
                "SELECT dept, SUM(pay), RANK() OVER (ORDER BY SUM(pay) DESC) FROM s GROUP BY dept ORDER BY dept"
            ) == [["a", "50", "1"], ["b", "5", "3"], ["c", "7", "2"]]
        )
        #expect(
            try self.rows(session, "SELECT id FROM s ORDER BY ROW_NUMBER() OVER (ORDER BY id DESC)")
                == [["6"], ["5"], ["4"], ["3"], ["2"], ["1"]]
        )
        #expect(try self.rows(session, "SELECT ROW_NUMBER() OVER ()") == [["1"]])
    }

    @Test func resultColumnsAsTiDBTypesThem() throws {
        let session = try self.session()
        let result = try session.query(
            """
            SELECT ROW_NUMBER() OVER (), NTILE(2) OVER (), CUME_DIST() OVER (), PERCENT_RANK() OVER (),
            LAG(pay) OVER (), SUM(pay) OVER () FROM s
            """
        )
        let columns = result.columns
        #expect(
            columns.map(\.name) == [
                "ROW_NUMBER() OVER ()", "NTILE(2) OVER ()", "CUME_DIST() OVER ()", "PERCENT_RANK() OVER ()",
                "LAG(pay) OVER ()", "SUM(pay) OVER ()",
            ]
        )
        #expect(columns[0].type == .longLong && columns[0].length == 21 && columns[0].flags == .binary)
        #expect(columns[1].type == .longLong && columns[1].flags == [.binary, .unsigned])
        #expect(columns[2].type == .double && columns[2].length == 23 && columns[2].flags == [])
        // TiDB stores MaxRealWidth (23) in PERCENT_RANK's flags instead of its length.
        #expect(columns[3].type == .double && columns[3].length == 0 && columns[3].flags.rawValue == 23)
        #expect(columns[4].type == .long && !columns[4].flags.contains(.notNull))
        #expect(columns[5].type == .newDecimal)
    }

    @Test func misplacedWindowsAndBadWindowsFailAsInTiDB() throws {
        let session = try self.session()
        let misplaced = session.failure("SELECT id FROM s WHERE ROW_NUMBER() OVER () > 1")
        #expect(misplaced?.code == 3593)
        #expect(misplaced?.message == "You cannot use the window function 'row_number' in this context.'")
        #expect(session.failure("SELECT dept FROM s GROUP BY dept HAVING RANK() OVER () > 1")?.code == 3593)
        #expect(session.failure("SELECT id FROM s GROUP BY ROW_NUMBER() OVER ()")?.code == 3593)
        let alias = session.failure("SELECT id, ROW_NUMBER() OVER () AS rn FROM s HAVING rn > 1")
        #expect(
            alias?.code == 3594
                && alias?.message
                    == "You cannot use the alias 'rn' of an expression containing a window function in this context.'"
        )
        let unknown = session.failure("SELECT RANK() OVER w FROM s")
        #expect(unknown?.code == 3579 && unknown?.message == "Window name 'w' is not defined.")
        let twice = session.failure("SELECT 1 FROM s WINDOW w AS (), w AS ()")
        #expect(twice?.code == 3591 && twice?.message == "Window 'w' is defined twice.")
        let start = session.failure(
            "SELECT SUM(pay) OVER (ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM s"
        )
        #expect(
            start?.code == 3584
                && start?.message == "Window '<unnamed window>': frame start cannot be UNBOUNDED FOLLOWING."
        )
        #expect(session.failure("SELECT SUM(pay) OVER (ORDER BY dept RANGE 1 PRECEDING) FROM s")?.code == 3587)
        let inherit = session.failure("SELECT SUM(pay) OVER (w ORDER BY pay) FROM s WINDOW w AS (ORDER BY id)")
        #expect(
            inherit?.message == "Window '<unnamed window>' cannot inherit 'w' since both contain an ORDER BY clause."
        )
        #expect(
            session.failure("SELECT SUM(pay) OVER (w PARTITION BY id) FROM s WINDOW w AS (ORDER BY id)")?.code == 3581
        )
        let backwards = session.failure(
            "SELECT SUM(pay) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM s"
        )
        #expect(
            backwards?.code == 3586
                && backwards?.message
                    == "Window '<unnamed window>': frame start or end is negative, NULL or of non-integral type"
        )
        #expect(
            session.failure("SELECT SUM(pay) OVER w FROM s WINDOW w AS (ROWS 1.5 PRECEDING)")?.message.hasPrefix(
                "Window 'w':"
            ) == true
        )
        let concat = session.failure("SELECT GROUP_CONCAT(dept) OVER () FROM s")
        #expect(
            concat?.code == 1235
                && concat?.message == "This version of TiDB doesn't yet support 'group_concat as window function'"
        )
        let ntile = session.failure("SELECT NTILE(0) OVER () FROM s")
        #expect(ntile?.code == 1210 && ntile?.message == "Incorrect arguments to ntile")
        #expect(session.failure("SELECT LAG(pay, NULL) OVER () FROM s")?.message == "Incorrect arguments to lag")
        #expect(session.failure("SELECT NTH_VALUE(pay, id) OVER () FROM s")?.code == 1210)
        #expect(try self.rows(session, "SELECT NTILE(NULL) OVER () FROM s WHERE id = 1") == [[nil]])
        #expect(session.failure("SELECT ROW_NUMBER() FROM s")?.code == 1064)
        #expect(session.failure("SELECT ROW_NUMBER(1) OVER () FROM s")?.code == 1064)
    }
}
