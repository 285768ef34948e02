import MySQLTypes
import Testing

@testable import TiDBEngine

/// LIMIT in a recursive CTE is the whole CTE's (TiDB): the recursion stops once it has the rows.
@Suite struct RecursiveCTELimitTests {
    @Test func limitStopsTheRecursionAndOrderByIsRefused() throws {
        let session = try EngineFixture().session(database: "test")
        let rows = try session.query(
            "WITH RECURSIVE c AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM c LIMIT 3 OFFSET 2) SELECT n FROM c"
        ).rows
        #expect(rows.map { $0[0].text } == ["3", "4", "5"])
        // Without the LIMIT this recursion never ends (3636 at cte_max_recursion_depth).
        #expect(
            try session.query("WITH RECURSIVE c AS (SELECT 1 AS n UNION ALL SELECT 1 FROM c LIMIT 10) SELECT * FROM c")
                .rows.count == 10
        )
        let error = session.failure(
            "WITH RECURSIVE c AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM c WHERE n < 3 ORDER BY n) SELECT * FROM c"
        )
        #expect(error?.code == 1235)
        #expect(
            error?.message
                == "This version of TiDB doesn't yet support 'ORDER BY over UNION in recursive Common Table Expression'"
        )
    }
}
