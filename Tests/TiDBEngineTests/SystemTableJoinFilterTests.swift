import MySQLTypes
import Testing

@testable import TiDBEngine

/// Django's constraint introspection (`get_constraints`) joins KEY_COLUMN_USAGE with
/// TABLE_CONSTRAINTS; WHERE's single-table filters narrow each system table before the join
/// (it took minutes with 300 tables on the debug build). The result is what MySQL gives: the
/// join is on names every table shares, so PRIMARY matches every table's PRIMARY.
@Suite struct SystemTableJoinFilterTests {
    static let djangoQuery = """
        SELECT kc.`constraint_name`, kc.`column_name`, kc.`referenced_table_name`, kc.`referenced_column_name`,
            c.`constraint_type`
        FROM information_schema.key_column_usage AS kc, information_schema.table_constraints AS c
        WHERE kc.table_schema = DATABASE() AND
            (kc.referenced_table_schema = DATABASE() OR kc.referenced_table_schema IS NULL) AND
            c.table_schema = kc.table_schema AND c.constraint_name = kc.constraint_name AND
            c.constraint_type != 'CHECK' AND kc.table_name = 't5'
        ORDER BY kc.`ordinal_position`
        """

    @Test func djangoConstraintQueryOverManyTables() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE t0 (id INT PRIMARY KEY, name VARCHAR(20) UNIQUE)")
        for i in 1..<300 {
            session.run(
                "CREATE TABLE t\(i) (id INT PRIMARY KEY, p INT, k VARCHAR(10), UNIQUE KEY uk\(i) (k),"
                    + " FOREIGN KEY (p) REFERENCES t\(i - 1)(id))"
            )
        }
        let rows = try session.query(Self.djangoQuery).rows.map { $0.map(\.text) }
        #expect(rows.count == 600)
        #expect(rows.filter { $0 == ["PRIMARY", "id", nil, nil, "PRIMARY KEY"] }.count == 300)
        #expect(rows.filter { $0 == ["fk_1", "p", "t4", "id", "FOREIGN KEY"] }.count == 299)
        #expect(rows.filter { $0 == ["uk5", "k", nil, nil, "UNIQUE"] }.count == 1)
    }

    @Test func leftJoinPaddingIsNotFilteredEarly() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE a (id INT PRIMARY KEY)")
        session.run("CREATE TABLE b (id INT)")
        let rows = try session.query(
            "SELECT t.TABLE_NAME FROM information_schema.tables t LEFT JOIN information_schema.table_constraints c"
                + " ON c.table_schema = t.table_schema AND c.table_name = t.table_name"
                + " WHERE t.table_schema = 'test' AND c.constraint_name IS NULL"
        ).rows.map { $0[0].text }
        #expect(rows == ["b"])
    }
}
