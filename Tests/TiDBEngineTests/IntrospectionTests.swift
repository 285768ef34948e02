import MySQLTypes
import Testing

@testable import TiDBEngine

/// SHOW CREATE/COLUMNS/INDEX/TABLES and information_schema over user tables
/// (docs/tidb/data-semantics.md §3, §4).
@Suite struct IntrospectionTests {
    /// sysbench's `create_table` text, byte for byte (data-semantics §8).
    static let sbtest = """
        CREATE TABLE sbtest1(
          id INTEGER NOT NULL AUTO_INCREMENT,
          k INTEGER DEFAULT '0' NOT NULL,
          c CHAR(120) DEFAULT '' NOT NULL,
          pad CHAR(60) DEFAULT '' NOT NULL,
          PRIMARY KEY (id)
        ) /*! ENGINE = innodb */ 
        """

    static let t2 = """
        CREATE TABLE t2 (id varchar(64) NOT NULL PRIMARY KEY, amt decimal(10,2) DEFAULT 0, ts datetime(3),
          u int unsigned NOT NULL COMMENT 'user id', doc json) COMMENT='demo'
        """

    /// sysbench prepare: the table, a few rows, then the secondary index.
    func sysbenchSession() throws -> Session {
        let session = try EngineFixture().session(database: "test")
        // Creation times below are the fixture clock's, in UTC.
        session.run("SET time_zone = '+00:00'")
        session.run(Self.sbtest)
        session.run("INSERT INTO sbtest1(k, c, pad) VALUES(30, 'c1', 'p1'),(10, 'c2', 'p2'),(20, 'c3', 'p3')")
        session.run("CREATE INDEX k_1 ON sbtest1(k)")
        return session
    }

    func rows(_ session: Session, _ sql: String) throws -> [[String]] {
        try session.query(sql).rows.map { $0.map { $0.text ?? "NULL" } }
    }

    func createTable(_ session: Session, _ table: String) throws -> String? {
        try session.query("SHOW CREATE TABLE \(table)").rows.first?[1].text
    }

    // MARK: SHOW CREATE TABLE

    @Test func sysbenchTableShowsAsTiDBPrintsIt() throws {
        let session = try self.sysbenchSession()
        let result = try session.query("SHOW CREATE TABLE sbtest1")
        #expect(result.columns.map(\.name) == ["Table", "Create Table"])
        #expect(result.rows.first?.first?.text == "sbtest1")
        #expect(
            try self.createTable(session, "sbtest1") == """
                CREATE TABLE `sbtest1` (
                  `id` int NOT NULL AUTO_INCREMENT,
                  `k` int NOT NULL DEFAULT '0',
                  `c` char(120) NOT NULL DEFAULT '',
                  `pad` char(60) NOT NULL DEFAULT '',
                  PRIMARY KEY (`id`) /*T![clustered_index] CLUSTERED */,
                  KEY `k_1` (`k`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin AUTO_INCREMENT=30001
                """
        )
    }

    @Test func freshTableHasNoAutoIncrementOption() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(Self.sbtest)
        let text = try #require(try self.createTable(session, "test.sbtest1"))
        #expect(text.hasSuffix(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"))
    }

    @Test func typesDefaultsAndCommentsShowAsTiDBPrintsThem() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(Self.t2)
        #expect(
            try self.createTable(session, "t2") == """
                CREATE TABLE `t2` (
                  `id` varchar(64) NOT NULL,
                  `amt` decimal(10,2) DEFAULT '0.00',
                  `ts` datetime(3) DEFAULT NULL,
                  `u` int unsigned NOT NULL COMMENT 'user id',
                  `doc` json DEFAULT NULL,
                  PRIMARY KEY (`id`) /*T![clustered_index] CLUSTERED */
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='demo'
                """
        )
    }

    @Test func timestampsUniqueKeysAndQuotesShowAsTiDBPrintsThem() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(
            """
            CREATE TABLE t3 (a int, b varchar(10) COLLATE utf8mb4_general_ci DEFAULT 'it''s',
              created timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, gone timestamp NULL,
              at datetime(3) DEFAULT CURRENT_TIMESTAMP(3), UNIQUE KEY uk (a, b) COMMENT 'pair')
            """
        )
        #expect(
            try self.createTable(session, "t3") == """
                CREATE TABLE `t3` (
                  `a` int DEFAULT NULL,
                  `b` varchar(10) COLLATE utf8mb4_general_ci DEFAULT 'it''s',
                  `created` timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
                  `gone` timestamp NULL DEFAULT NULL,
                  `at` datetime(3) DEFAULT CURRENT_TIMESTAMP(3),
                  UNIQUE KEY `uk` (`a`,`b`) COMMENT 'pair'
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                """
        )
        #expect(
            try self.rows(session, "SHOW COLUMNS FROM t3") == [
                ["a", "int", "YES", "MUL", "NULL", ""],
                ["b", "varchar(10)", "YES", "", "it's", ""],
                [
                    "created", "timestamp", "YES", "", "CURRENT_TIMESTAMP",
                    "DEFAULT_GENERATED on update CURRENT_TIMESTAMP",
                ],
                ["gone", "timestamp", "YES", "", "NULL", ""],
                ["at", "datetime(3)", "YES", "", "CURRENT_TIMESTAMP(3)", ""],
            ]
        )
    }

    @Test func timestampDefaultsShowInTheSessionZone() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("SET time_zone = '+08:00'")
        session.run("CREATE TABLE t4 (ts timestamp NOT NULL DEFAULT '2024-01-01 00:00:00')")
        session.run("SET time_zone = '+00:00'")
        #expect(
            try self.createTable(session, "t4")?.contains("`ts` timestamp NOT NULL DEFAULT '2023-12-31 16:00:00'")
                == true
        )
        #expect(try self.rows(session, "DESC t4").first?[4] == "2023-12-31 16:00:00")
        #expect(
            try self.rows(session, "SELECT COLUMN_DEFAULT FROM information_schema.columns WHERE table_name = 't4'")
                == [["2023-12-31 16:00:00"]]
        )
    }

    @Test func tableWithoutPrimaryKeyShowsNoRowID() throws {
        let session = try EngineFixture().session(database: "test")
        session.run("CREATE TABLE log (msg text, n bigint NOT NULL)")
        session.run("INSERT INTO log VALUES ('a', 1), ('b', 2)")
        #expect(
            try self.createTable(session, "log") == """
                CREATE TABLE `log` (
                  `msg` text DEFAULT NULL,
                  `n` bigint NOT NULL
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
                """
        )
        #expect(try self.rows(session, "DESC log").map { $0[0] } == ["msg", "n"])
        #expect(try session.query("SHOW INDEX FROM log").rows.isEmpty)
        #expect(
            try self.rows(
                session,
                "SELECT TIDB_PK_TYPE, TIDB_ROW_ID_SHARDING_INFO, AUTO_INCREMENT, TABLE_ROWS FROM information_schema.tables WHERE table_name = 'log'"
            ) == [["NONCLUSTERED", "NOT_SHARDED", "NULL", "2"]]
        )
        #expect(
            try self.rows(session, "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'log'") == [
                ["2"]
            ]
        )
    }

    // MARK: SHOW COLUMNS / DESCRIBE

    @Test func describeSysbenchTable() throws {
        let session = try self.sysbenchSession()
        let result = try session.query("DESCRIBE sbtest1")
        #expect(result.columns.map(\.name) == ["Field", "Type", "Null", "Key", "Default", "Extra"])
        #expect(
            result.rows.map { $0.map { $0.text ?? "NULL" } } == [
                ["id", "int", "NO", "PRI", "NULL", "auto_increment"],
                ["k", "int", "NO", "MUL", "0", ""],
                ["c", "char(120)", "NO", "", "", ""],
                ["pad", "char(60)", "NO", "", "", ""],
            ]
        )
        #expect(try self.rows(session, "SHOW COLUMNS FROM sbtest1 FROM test LIKE 'P%'").map { $0[0] } == ["pad"])
        #expect(try self.rows(session, "SHOW FIELDS IN sbtest1 WHERE `Key` = 'MUL'").map { $0[0] } == ["k"])
        #expect(
            try self.rows(session, "SHOW FULL COLUMNS FROM test.sbtest1 WHERE Field IN ('id', 'c')") == [
                ["id", "int", "NULL", "NO", "PRI", "NULL", "auto_increment", "select,insert,update,references", ""],
                ["c", "char(120)", "utf8mb4_bin", "NO", "", "", "", "select,insert,update,references", ""],
            ]
        )
    }

    // MARK: SHOW INDEX

    @Test func showIndexHasTiDBsSeventeenColumns() throws {
        let session = try self.sysbenchSession()
        let result = try session.query("SHOW INDEX FROM sbtest1")
        #expect(
            result.columns.map(\.name) == [
                "Table", "Non_unique", "Key_name", "Seq_in_index", "Column_name", "Collation", "Cardinality",
                "Sub_part", "Packed", "Null", "Index_type", "Comment", "Index_comment", "Visible", "Expression",
                "Clustered", "Global",
            ]
        )
        #expect(result.columns[7].type == .longLong)
        #expect(
            result.rows.map { $0.map { $0.text ?? "NULL" } } == [
                [
                    "sbtest1", "0", "PRIMARY", "1", "id", "A", "0", "NULL", "NULL", "", "BTREE", "", "", "YES", "NULL",
                    "YES", "NO",
                ],
                [
                    "sbtest1", "1", "k_1", "1", "k", "A", "0", "NULL", "NULL", "", "BTREE", "", "", "YES", "NULL", "NO",
                    "NO",
                ],
            ]
        )
        #expect(try self.rows(session, "SHOW KEYS FROM sbtest1 WHERE Key_name = 'k_1'").map { $0[2] } == ["k_1"])
        #expect(try self.rows(session, "SHOW INDEXES IN sbtest1 IN test").count == 2)
    }

    // MARK: SHOW TABLES / DATABASE / TABLE STATUS

    @Test func showTablesListsUserAndSystemTables() throws {
        let session = try self.sysbenchSession()
        session.run("CREATE TABLE a_first (x int)")
        #expect(try self.rows(session, "SHOW TABLES") == [["a_first"], ["sbtest1"]])
        let like = try session.query("SHOW FULL TABLES FROM test LIKE 'sb%'")
        #expect(like.columns.map(\.name) == ["Tables_in_test (sb%)", "Table_type"])
        #expect(like.rows.map { $0.map { $0.text ?? "NULL" } } == [["sbtest1", "BASE TABLE"]])
        #expect(try self.rows(session, "SHOW TABLES FROM mysql") == [["tidb"]])
        #expect(
            try self.rows(session, "SHOW FULL TABLES FROM information_schema LIKE 'tables'") == [
                ["TABLES", "SYSTEM VIEW"]
            ]
        )
    }

    @Test func showCreateDatabase() throws {
        let session = try EngineFixture().session()
        let result = try session.query("SHOW CREATE DATABASE test")
        #expect(result.columns.map(\.name) == ["Database", "Create Database"])
        #expect(
            result.rows.map { $0.map { $0.text ?? "NULL" } } == [
                ["test", "CREATE DATABASE `test` /*!40100 DEFAULT CHARACTER SET utf8mb4 */"]
            ]
        )
        #expect(session.failure("SHOW CREATE DATABASE nope")?.code == 1049)
    }

    @Test func showTableStatusReportsTheTablesFigures() throws {
        let session = try self.sysbenchSession()
        let result = try session.query("SHOW TABLE STATUS LIKE 'sbtest1'")
        #expect(result.columns.count == 18)
        let row = try #require(result.rows.first).map { $0.text ?? "NULL" }
        #expect(row[0...4] == ["sbtest1", "InnoDB", "10", "Compact", "3"])
        #expect(row[10] == "30001")
        #expect(row[11] == "2024-09-19 10:10:46")
        #expect(row[14...17] == ["utf8mb4_bin", "", "", ""])
    }

    // MARK: information_schema

    @Test func informationSchemaColumnsDescribeSysbench() throws {
        let session = try self.sysbenchSession()
        let select = """
            SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH,
              CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_SET_NAME,
              COLLATION_NAME, COLUMN_TYPE, COLUMN_KEY, EXTRA, PRIVILEGES, COLUMN_COMMENT, GENERATION_EXPRESSION
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'test' AND TABLE_NAME = 'sbtest1'
            """
        let privileges = "select,insert,update,references"
        #expect(
            try self.rows(session, select) == [
                [
                    "id", "1", "NULL", "NO", "int", "NULL", "NULL", "11", "0", "NULL", "NULL", "NULL", "int", "PRI",
                    "auto_increment", privileges, "", "",
                ],
                [
                    "k", "2", "0", "NO", "int", "NULL", "NULL", "11", "0", "NULL", "NULL", "NULL", "int", "MUL", "",
                    privileges, "", "",
                ],
                [
                    "c", "3", "", "NO", "char", "120", "480", "NULL", "NULL", "NULL", "utf8mb4", "utf8mb4_bin",
                    "char(120)", "", "", privileges, "", "",
                ],
                [
                    "pad", "4", "", "NO", "char", "60", "240", "NULL", "NULL", "NULL", "utf8mb4", "utf8mb4_bin",
                    "char(60)", "", "", privileges, "", "",
                ],
            ]
        )
    }

    @Test func informationSchemaColumnsDescribeOtherTypes() throws {
        let session = try EngineFixture().session(database: "test")
        session.run(Self.t2)
        let select = """
            SELECT COLUMN_NAME, COLUMN_DEFAULT, DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION,
              COLUMN_TYPE, COLUMN_COMMENT
            FROM information_schema.columns WHERE table_name = 't2' ORDER BY ORDINAL_POSITION
            """
        #expect(
            try self.rows(session, select) == [
                ["id", "NULL", "varchar", "NULL", "NULL", "NULL", "varchar(64)", ""],
                ["amt", "0.00", "decimal", "10", "2", "NULL", "decimal(10,2)", ""],
                ["ts", "NULL", "datetime", "NULL", "NULL", "3", "datetime(3)", ""],
                ["u", "NULL", "int", "10", "0", "NULL", "int unsigned", "user id"],
                ["doc", "NULL", "json", "NULL", "NULL", "NULL", "json", ""],
            ]
        )
        let result = try session.query("SELECT * FROM information_schema.columns WHERE table_name = 't2'")
        #expect(result.columns.count == 21)
        #expect(result.columns[0].schema == "information_schema")
        #expect(result.columns[0].originalTable == "COLUMNS")
    }

    @Test func informationSchemaTablesDescribeSysbench() throws {
        let session = try self.sysbenchSession()
        let select = """
            SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, VERSION, ROW_FORMAT, TABLE_ROWS,
              AVG_ROW_LENGTH, DATA_LENGTH, MAX_DATA_LENGTH, INDEX_LENGTH, DATA_FREE, AUTO_INCREMENT, CREATE_TIME,
              UPDATE_TIME, CHECK_TIME, TABLE_COLLATION, CHECKSUM, CREATE_OPTIONS, TABLE_COMMENT,
              TIDB_ROW_ID_SHARDING_INFO, TIDB_PK_TYPE, TIDB_PLACEMENT_POLICY_NAME
            FROM information_schema.tables WHERE table_schema = 'test'
            """
        // Data: id and k 8 bytes a row each; c and pad their bytes plus a one-byte length.
        // Index: k_1 costs k's length; the handle primary key costs nothing.
        let data = 3 * 8 * 2 + 3 * 3 * 2
        #expect(
            try self.rows(session, select) == [
                [
                    "def", "test", "sbtest1", "BASE TABLE", "InnoDB", "10", "Compact", "3", String(data / 3),
                    String(data), "0", "24", "0", "30001", "2024-09-19 10:10:46", "NULL", "NULL", "utf8mb4_bin",
                    "NULL", "", "", "NOT_SHARDED(PK_IS_HANDLE)", "CLUSTERED", "NULL",
                ]
            ]
        )
        let columns = try session.query("SELECT * FROM information_schema.TABLES").columns
        #expect(columns.count == 25)
        #expect(columns[14].type == .datetime)
    }

    @Test func informationSchemaStatisticsAndConstraints() throws {
        let session = try self.sysbenchSession()
        session.run("CREATE UNIQUE INDEX uk ON sbtest1(c, pad)")
        #expect(
            try self.rows(session, "SELECT * FROM information_schema.statistics WHERE table_name = 'sbtest1'") == [
                [
                    "def", "test", "sbtest1", "0", "test", "PRIMARY", "1", "id", "A", "0", "NULL", "NULL", "", "BTREE",
                    "",
                    "", "YES", "NULL",
                ],
                [
                    "def", "test", "sbtest1", "1", "test", "k_1", "1", "k", "A", "0", "NULL", "NULL", "", "BTREE", "",
                    "",
                    "YES", "NULL",
                ],
                [
                    "def", "test", "sbtest1", "0", "test", "uk", "1", "c", "A", "0", "NULL", "NULL", "", "BTREE", "",
                    "",
                    "YES", "NULL",
                ],
                [
                    "def", "test", "sbtest1", "0", "test", "uk", "2", "pad", "A", "0", "NULL", "NULL", "", "BTREE", "",
                    "", "YES", "NULL",
                ],
            ]
        )
        #expect(
            try self.rows(
                session,
                "SELECT CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, POSITION_IN_UNIQUE_CONSTRAINT FROM information_schema.KEY_COLUMN_USAGE"
            ) == [["PRIMARY", "id", "1", "1"], ["uk", "c", "1", "NULL"], ["uk", "pad", "2", "NULL"]]
        )
        #expect(
            try self.rows(session, "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.table_constraints")
                == [["PRIMARY", "PRIMARY KEY"], ["uk", "UNIQUE"]]
        )
        // A composite unique key marks its first column MUL, as TiDB does.
        #expect(try self.rows(session, "SHOW COLUMNS FROM sbtest1 LIKE 'c'").first?[3] == "MUL")
    }

    @Test func informationSchemaSchemataListsSystemDatabases() throws {
        let session = try EngineFixture().session()
        session.run("CREATE DATABASE sbtest")
        #expect(
            try self.rows(session, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA").map { $0[0] } == [
                "INFORMATION_SCHEMA", "METRICS_SCHEMA", "PERFORMANCE_SCHEMA", "mysql", "sbtest", "sys", "test",
            ]
        )
        #expect(
            try self.rows(session, "SELECT * FROM information_schema.schemata WHERE schema_name = 'sbtest'") == [
                ["def", "sbtest", "utf8mb4", "utf8mb4_bin", "NULL", "NULL"]
            ]
        )
        #expect(
            try self.rows(
                session,
                "SELECT DEFAULT_COLLATE_NAME, MAXLEN FROM information_schema.character_sets WHERE character_set_name = 'utf8mb4'"
            ) == [["utf8mb4_bin", "4"]]
        )
        #expect(
            try self.rows(
                session,
                "SELECT ID, IS_DEFAULT FROM information_schema.collations WHERE collation_name = 'utf8mb4_bin'"
            )
                == [["46", "Yes"]]
        )
    }

    // MARK: Errors

    @Test func missingTablesAndDatabasesFailAsInTiDB() throws {
        let session = try EngineFixture().session(database: "test")
        let missingTable = session.failure("SHOW CREATE TABLE nope")
        #expect(missingTable?.code == 1146)
        #expect(missingTable?.message == "Table 'test.nope' doesn't exist")
        #expect(session.failure("DESC nope.t")?.code == 1146)
        #expect(session.failure("SHOW INDEX FROM nope")?.code == 1146)
        #expect(session.failure("SHOW TABLES FROM nope")?.code == 1049)
        #expect(session.failure("SHOW TABLE STATUS FROM nope")?.code == 1049)
        let unbound = try EngineFixture().session()
        #expect(unbound.failure("SHOW TABLES")?.code == 1046)
        #expect(unbound.failure("SHOW CREATE TABLE t")?.code == 1046)
    }
}
