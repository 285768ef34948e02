// The client-matrix scenario (../README.md) through MariaDB Connector/J 2.7 (Debian's
// libmariadb-java), JDBC only. Run as a single-file source program:
//   java -cp /usr/share/java/mariadb-java-client.jar Scenario.java
//
// Text protocol: useServerPrepStmts=false (the driver inlines the parameters and sends COM_QUERY).
// Binary protocol: useServerPrepStmts=true (COM_STMT_PREPARE / COM_STMT_EXECUTE).
// Long data: with useServerPrepStmts=true, Connector/J 2.7 sends every byte[] and stream parameter
// as COM_STMT_SEND_LONG_DATA packets before the COM_STMT_EXECUTE (seen on the wire): setBytes as a
// VAR_STRING parameter, setBinaryStream / setBlob as BLOB. bytes-binary uses setBytes,
// bytes-long-data the two stream setters.

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

public class Scenario {
    static final String FLAVOR = System.getenv("MATRIX_FLAVOR");
    static final String DATABASE = System.getenv("MATRIX_DATABASE");
    static final boolean TIDB = "tidb".equals(FLAVOR);
    static final BigInteger TWO_TO_58 = BigInteger.ONE.shiftLeft(58);

    // ---- output ----

    static class CheckFailed extends Exception {
        CheckFailed(String message) { super(message); }
    }

    interface Check { void run() throws Exception; }

    /** Runs one check: `ok <name>`, or `FAIL <name>: ...` and exit status 1. */
    static void run(String name, Check check) {
        try {
            check.run();
        } catch (CheckFailed e) {
            System.out.println("FAIL " + name + ": " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.out.println("FAIL " + name + ": " + e);
            System.exit(1);
        }
        System.out.println("ok " + name);
    }

    /** Runs a check only against TiDB; for MariaDB prints `skip <name>: ...`. */
    static void tidbOnly(String name, Check check) {
        if (!TIDB) {
            System.out.println("skip " + name + ": TiDB only (MATRIX_FLAVOR=" + FLAVOR + ")");
            return;
        }
        run(name, check);
    }

    static CheckFailed fail(String format, Object... args) {
        return new CheckFailed(String.format(format, args));
    }

    static void expect(boolean condition, String format, Object... args) throws CheckFailed {
        if (!condition) throw fail(format, args);
    }

    // ---- connections ----

    /** A connection without a default database: statements name `DATABASE`.table. */
    static Connection connect(boolean serverPrepare) throws SQLException {
        String url = String.format("jdbc:mariadb://%s:%s/?useServerPrepStmts=%s&connectTimeout=10000&socketTimeout=120000",
                System.getenv("MATRIX_HOST"), System.getenv("MATRIX_PORT"), serverPrepare);
        String password = System.getenv("MATRIX_PASSWORD");
        return DriverManager.getConnection(url, System.getenv("MATRIX_USER"), password == null ? "" : password);
    }

    static String table(String name) { return "`" + DATABASE + "`.`" + name + "`"; }

    static void execute(Connection c, String sql) throws SQLException, CheckFailed {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw fail("%s: %s (%d, %s)", sql, e.getMessage(), e.getErrorCode(), e.getSQLState());
        }
    }

    /** The first column of the single row of a query. */
    static Object scalar(Connection c, String sql) throws SQLException, CheckFailed {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            expect(rs.next(), "%s returned no row", sql);
            Object value = rs.getObject(1);
            expect(!rs.next(), "%s returned more than one row", sql);
            return value;
        }
    }

    /** An integer result (Long, Integer or BigInteger from the driver) as a BigInteger. */
    static BigInteger bigInteger(Object value, String what) throws CheckFailed {
        if (value instanceof BigInteger) return (BigInteger) value;
        if (value instanceof Long || value instanceof Integer) return BigInteger.valueOf(((Number) value).longValue());
        throw fail("%s = %s (%s), expected an integer", what, value, value == null ? "null" : value.getClass().getName());
    }

    // ---- checks ----

    static void checkConnect(Connection c) throws Exception {
        String version = (String) scalar(c, "SELECT VERSION()");
        expect(!TIDB || version.contains("TiDB"), "SELECT VERSION() = %s, expected it to contain TiDB", version);
        execute(c, "DROP DATABASE IF EXISTS `" + DATABASE + "`");
        execute(c, "CREATE DATABASE `" + DATABASE + "` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }

    /**
     * Wants a TSO of now: physical milliseconds (tso >> 18) within a day of this clock. (The README's
     * "> 2^60" cannot hold: a TSO of 2026 is about 4.7e17 < 2^60 ≈ 1.15e18; it is above 2^58.)
     */
    static void checkTSO(String what, BigInteger tso) throws CheckFailed {
        long physical = tso.shiftRight(18).longValue();
        long now = System.currentTimeMillis();
        expect(tso.compareTo(TWO_TO_58) > 0 && Math.abs(physical - now) <= 24L * 3600 * 1000,
                "%s = %s (physical time %s), expected a TSO of now (> 2^58, physical part within a day of %s)",
                what, tso, java.time.Instant.ofEpochMilli(physical), java.time.Instant.ofEpochMilli(now));
    }

    /** BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK on c, checked as a TSO of now. */
    static BigInteger currentTSO(Connection c) throws Exception {
        execute(c, "BEGIN");
        BigInteger tso = bigInteger(scalar(c, "SELECT TIDB_CURRENT_TSO()"), "TIDB_CURRENT_TSO()");
        execute(c, "ROLLBACK");
        checkTSO("TIDB_CURRENT_TSO()", tso);
        return tso;
    }

    static void checkDRStatements(Connection c) throws Exception {
        execute(c, "SET GLOBAL tidb_gc_enable = OFF");
        Object gc = scalar(c, "SELECT @@global.tidb_gc_enable");
        expect(bigInteger(gc, "@@global.tidb_gc_enable").equals(BigInteger.ZERO),
                "SELECT @@global.tidb_gc_enable after OFF = %s, expected 0", gc);
        currentTSO(c);

        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) columns.add(meta.getColumnLabel(i));
            List<String> want = Arrays.asList("File", "Position", "Binlog_Do_DB", "Binlog_Ignore_DB", "Executed_Gtid_Set");
            expect(columns.equals(want), "SHOW MASTER STATUS columns %s, expected %s", columns, want);
            expect(rs.next(), "SHOW MASTER STATUS returned no row");
            BigInteger position = bigInteger(rs.getObject(2), "SHOW MASTER STATUS Position");
            expect(position.signum() > 0, "SHOW MASTER STATUS Position = %s, expected > 0", position);
            expect("tidb-binlog".equals(rs.getString(1)) && "".equals(rs.getString(3)) && "".equals(rs.getString(4))
                            && "".equals(rs.getString(5)),
                    "SHOW MASTER STATUS row (%s, %s, %s, %s, %s), expected (tidb-binlog, TSO, '', '', '')",
                    rs.getString(1), position, rs.getString(3), rs.getString(4), rs.getString(5));
            expect(!rs.next(), "SHOW MASTER STATUS returned more than one row");
        }

        execute(c, "SET GLOBAL tidb_gc_enable = ON");
        gc = scalar(c, "SELECT @@global.tidb_gc_enable");
        expect(bigInteger(gc, "@@global.tidb_gc_enable").equals(BigInteger.ONE),
                "SELECT @@global.tidb_gc_enable after ON = %s, expected 1", gc);
    }

    // ---- types ----

    interface Binder { void bind(PreparedStatement ps, int index) throws SQLException; }
    interface Reader { Object read(ResultSet rs, int index) throws SQLException; }

    /**
     * One column of the types table: how its value is set, how it is read back, the value expected,
     * and the column type name Connector/J reports (TiDB's, then MariaDB's when they differ).
     */
    static class Column {
        final String name, sqlType, tidbTypeName, mariadbTypeName;
        final Binder binder;
        final Reader reader;
        final Object expected;

        Column(String name, String sqlType, String typeName, Binder binder, Reader reader, Object expected) {
            this(name, sqlType, typeName, typeName, binder, reader, expected);
        }

        Column(String name, String sqlType, String tidbTypeName, String mariadbTypeName, Binder binder, Reader reader, Object expected) {
            this.name = name;
            this.sqlType = sqlType;
            this.tidbTypeName = tidbTypeName;
            this.mariadbTypeName = mariadbTypeName;
            this.binder = binder;
            this.reader = reader;
            this.expected = expected;
        }

        String typeName() { return TIDB ? tidbTypeName : mariadbTypeName; }

        boolean matches(Object got) {
            if (expected instanceof byte[]) return got instanceof byte[] && Arrays.equals((byte[]) got, (byte[]) expected);
            return Objects.equals(got, expected);
        }
    }

    static final String TEXT = "quote ' dquote \" backslash \\ percent % newline \n tab \t ñ 中 😀";
    // TiDB prints JSON in this canonical form (sorted keys, ", " and ": "); MariaDB keeps the text.
    static final String JSON = "{\"a\": [1, 2.5, \"x\"], \"b\": null, \"c\": \"ñ\"}";
    // Binary values stay below 0x80 here; the full byte range is the bytes-* checks' job.
    static final byte[] BINARY = {0x00, '\'', '\\', 0x7f};
    static final byte[] VARBINARY = {0x00, '\'', '"', '\\', 0x1a, '\n', '\r', '%', '_', 'z'};
    static final byte[] BLOB = "blob\0with\0NULs".getBytes();
    static final BigInteger MAX_UNSIGNED = new BigInteger("18446744073709551615");
    static final BigDecimal DECIMAL = new BigDecimal("-12345678901234.567891");
    static final java.sql.Date DATE = java.sql.Date.valueOf("2024-02-29");
    static final Timestamp DATETIME = Timestamp.valueOf("2024-02-29 13:14:15.123456");
    static final Timestamp TIMESTAMP = Timestamp.valueOf("2024-03-01 01:02:03");

    static final List<Column> COLUMNS = Arrays.asList(
            new Column("c_int", "INT", "INTEGER", (p, i) -> p.setInt(i, Integer.MIN_VALUE), ResultSet::getObject, Integer.MIN_VALUE),
            new Column("c_tinyint", "TINYINT", "TINYINT", (p, i) -> p.setByte(i, (byte) -128), ResultSet::getObject, -128),
            new Column("c_smallint", "SMALLINT", "SMALLINT", (p, i) -> p.setShort(i, (short) 32767), ResultSet::getObject, 32767),
            new Column("c_mediumint", "MEDIUMINT", "MEDIUMINT", (p, i) -> p.setInt(i, -8388608), ResultSet::getObject, -8388608),
            new Column("c_bigint", "BIGINT", "BIGINT", (p, i) -> p.setLong(i, Long.MIN_VALUE), ResultSet::getObject, Long.MIN_VALUE),
            new Column("c_ubigint", "BIGINT UNSIGNED", "BIGINT UNSIGNED", (p, i) -> p.setObject(i, MAX_UNSIGNED), ResultSet::getObject, MAX_UNSIGNED),
            new Column("c_decimal", "DECIMAL(20,6)", "DECIMAL", (p, i) -> p.setBigDecimal(i, DECIMAL), ResultSet::getObject, DECIMAL),
            new Column("c_float", "FLOAT", "FLOAT", (p, i) -> p.setFloat(i, 3.14f), ResultSet::getObject, 3.14f),
            new Column("c_double", "DOUBLE", "DOUBLE", (p, i) -> p.setDouble(i, Math.E), ResultSet::getObject, Math.E),
            new Column("c_char", "CHAR(10)", "CHAR", (p, i) -> p.setString(i, "abc"), ResultSet::getObject, "abc"),
            new Column("c_varchar", "VARCHAR(50)", "VARCHAR", (p, i) -> p.setString(i, "añ中😀"), ResultSet::getObject, "añ中😀"),
            new Column("c_text", "TEXT", "TEXT", (p, i) -> p.setString(i, TEXT), ResultSet::getObject, TEXT),
            new Column("c_binary", "BINARY(4)", "BINARY", (p, i) -> p.setBytes(i, BINARY), ResultSet::getObject, BINARY),
            new Column("c_varbinary", "VARBINARY(20)", "VARBINARY", (p, i) -> p.setBytes(i, VARBINARY), ResultSet::getObject, VARBINARY),
            new Column("c_blob", "BLOB", "BLOB", (p, i) -> p.setBytes(i, BLOB), ResultSet::getBytes, BLOB),
            new Column("c_date", "DATE", "DATE", (p, i) -> p.setDate(i, DATE), ResultSet::getObject, DATE),
            new Column("c_datetime", "DATETIME(6)", "DATETIME", (p, i) -> p.setTimestamp(i, DATETIME), ResultSet::getObject, DATETIME),
            new Column("c_timestamp", "TIMESTAMP NULL", "TIMESTAMP", (p, i) -> p.setTimestamp(i, TIMESTAMP), ResultSet::getObject, TIMESTAMP),
            // java.sql.Time cannot hold -123:45:06: set and read as a string.
            new Column("c_time", "TIME", "TIME", (p, i) -> p.setString(i, "-123:45:06"), Scenario::getTime, "-123:45:06"),
            // getObject on YEAR is a java.sql.Date (yearIsDateType); the year as an int.
            new Column("c_year", "YEAR", "YEAR", (p, i) -> p.setInt(i, 2024), Scenario::getYear, 2024),
            new Column("c_json", "JSON", "JSON", "LONGTEXT", (p, i) -> p.setString(i, JSON), ResultSet::getObject, JSON));

    static void checkTypes(Connection c, String protocol) throws Exception {
        String name = "types_" + protocol;
        StringBuilder definitions = new StringBuilder("id INT NOT NULL PRIMARY KEY");
        StringBuilder names = new StringBuilder("id");
        StringBuilder marks = new StringBuilder("?");
        for (Column column : COLUMNS) {
            definitions.append(", ").append(column.name).append(' ').append(column.sqlType);
            names.append(", ").append(column.name);
            marks.append(", ?");
        }
        execute(c, "CREATE TABLE " + table(name) + " (" + definitions + ")");
        String insert = "INSERT INTO " + table(name) + " (" + names + ") VALUES (" + marks + ")";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setInt(1, 1);
            for (int i = 0; i < COLUMNS.size(); i++) COLUMNS.get(i).binder.bind(ps, i + 2);
            expect(ps.executeUpdate() == 1, "INSERT of the values row: update count != 1");
            ps.setInt(1, 2);
            for (int i = 0; i < COLUMNS.size(); i++) ps.setNull(i + 2, java.sql.Types.NULL);
            expect(ps.executeUpdate() == 1, "INSERT of the NULL row: update count != 1");
        }

        // One row at a time, with a parameter, so the binary connection runs a prepared statement.
        String query = "SELECT " + names + " FROM " + table(name) + " WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(query)) {
            for (int id = 1; id <= 2; id++) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    // Every column is checked; the failure lists all the differences.
                    List<String> problems = new ArrayList<>();
                    ResultSetMetaData meta = rs.getMetaData();
                    if (meta.isNullable(1) != ResultSetMetaData.columnNoNulls) problems.add("id column (NOT NULL PRIMARY KEY) is reported nullable");
                    for (int i = 0; i < COLUMNS.size(); i++) {
                        Column column = COLUMNS.get(i);
                        String typeName = meta.getColumnTypeName(i + 2);
                        if (!typeName.equals(column.typeName())) {
                            problems.add(String.format("%s %s: column type %s, expected %s", column.name, column.sqlType, typeName, column.typeName()));
                        }
                    }
                    if (meta.isSigned(7)) problems.add("c_ubigint BIGINT UNSIGNED is reported signed");
                    if (meta.getPrecision(8) != 20 || meta.getScale(8) != 6) {
                        problems.add(String.format("c_decimal DECIMAL(20,6): precision %d, scale %d", meta.getPrecision(8), meta.getScale(8)));
                    }
                    if (meta.getScale(18) != 6) problems.add(String.format("c_datetime DATETIME(6): scale %d, expected 6", meta.getScale(18)));
                    expect(rs.next(), "row %d missing", id);
                    for (int i = 0; i < COLUMNS.size(); i++) {
                        Column column = COLUMNS.get(i);
                        Object got = column.reader.read(rs, i + 2);
                        boolean isNull = rs.wasNull();
                        if (id == 2 && !(got == null && isNull)) {
                            problems.add(String.format("%s %s: NULL read back as %s", column.name, column.sqlType, describe(got)));
                        } else if (id == 1 && !column.matches(got)) {
                            problems.add(String.format("%s %s: read back %s, expected %s", column.name, column.sqlType,
                                    describe(got), describe(column.expected)));
                        }
                    }
                    expect(problems.isEmpty(), "row %d: %s", id, String.join("; ", problems));
                }
            }
        }
    }

    /**
     * A TIME as its string. For the binary protocol Connector/J prints ".000000" when the server
     * sends the 12-byte form (MariaDB does for a TIME(0) too); that zero fraction is dropped.
     */
    static Object getTime(ResultSet rs, int index) throws SQLException {
        String time = rs.getString(index);
        return time == null ? null : time.replaceFirst("\\.0+$", "");
    }

    static Object getYear(ResultSet rs, int index) throws SQLException {
        int year = rs.getInt(index);
        return rs.wasNull() ? null : year;
    }

    static String describe(Object value) {
        if (value == null) return "null";
        if (value instanceof byte[]) return "byte[] " + hex((byte[]) value, 0, ((byte[]) value).length);
        return value.getClass().getSimpleName() + " " + value;
    }

    static String hex(byte[] bytes, int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < Math.min(to, bytes.length); i++) s.append(String.format("%02x", bytes[i] & 0xff));
        return s.toString();
    }

    // ---- bytes ----

    static final byte[] ALL_BYTES = new byte[256];
    static final byte[] MEGABYTE = new byte[1 << 20];

    static {
        for (int i = 0; i < 256; i++) ALL_BYTES[i] = (byte) i;
        new Random(20240229L).nextBytes(MEGABYTE);
    }

    static void createBytesTable(Connection c) throws Exception {
        execute(c, "CREATE TABLE " + table("bytes") + " (id INT PRIMARY KEY, vb VARBINARY(300), b BLOB, lb LONGBLOB)");
    }

    static void sameBytes(String what, byte[] got, byte[] want) throws CheckFailed {
        if (Arrays.equals(got, want)) return;
        expect(got != null, "%s: read back NULL", what);
        for (int i = 0; i < Math.min(got.length, want.length); i++) {
            expect(got[i] == want[i], "%s: %d bytes read back, %d expected; first difference at offset %d: got %s, expected %02x",
                    what, got.length, want.length, i, hex(got, i, i + 8), want[i] & 0xff);
        }
        throw fail("%s: %d bytes read back, %d expected (one is a prefix of the other)", what, got.length, want.length);
    }

    /** Reads row id back (a prepared statement: binary protocol on the server-prepare connection). */
    static void readBytesRow(Connection c, int id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT vb, b, lb FROM " + table("bytes") + " WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                expect(rs.next(), "bytes row %d missing", id);
                sameBytes("row " + id + " VARBINARY(300)", rs.getBytes(1), ALL_BYTES);
                sameBytes("row " + id + " BLOB", rs.getBytes(2), ALL_BYTES);
                sameBytes("row " + id + " LONGBLOB", rs.getBytes(3), MEGABYTE);
            }
        }
    }

    interface ByteSetter { void set(PreparedStatement ps, int index, byte[] value) throws SQLException; }

    /** Inserts row id with the three values set by setter, then reads it back. */
    static void writeBytesRow(Connection c, int id, ByteSetter setter) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table("bytes") + " (id, vb, b, lb) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, id);
            setter.set(ps, 2, ALL_BYTES);
            setter.set(ps, 3, ALL_BYTES);
            setter.set(ps, 4, MEGABYTE);
            expect(ps.executeUpdate() == 1, "INSERT bytes row %d: update count != 1", id);
        } catch (SQLException e) {
            throw fail("INSERT bytes row %d: %s (%d, %s)", id, e.getMessage(), e.getErrorCode(), e.getSQLState());
        }
        readBytesRow(c, id);
    }

    /**
     * setBytes (text: an inlined _binary literal; binary: a VAR_STRING parameter, which Connector/J
     * 2.7 also sends as COM_STMT_SEND_LONG_DATA), or for longData setBinaryStream (row id) and
     * setBlob(InputStream) (row id + 1): BLOB parameters sent as COM_STMT_SEND_LONG_DATA.
     */
    static void checkBytes(Connection c, int id, boolean longData) throws Exception {
        if (!longData) {
            writeBytesRow(c, id, PreparedStatement::setBytes);
            return;
        }
        writeBytesRow(c, id, (ps, i, v) -> ps.setBinaryStream(i, new ByteArrayInputStream(v), v.length));
        writeBytesRow(c, id + 1, (ps, i, v) -> ps.setBlob(i, new ByteArrayInputStream(v), v.length));
    }

    // ---- transactions, errors ----

    static void checkTransactions(Connection c, Connection observer) throws Exception {
        execute(c, "CREATE TABLE " + table("tx") + " (id INT PRIMARY KEY, v VARCHAR(10))");
        String count = "SELECT COUNT(*) FROM " + table("tx");
        for (String end : new String[] {"ROLLBACK", "COMMIT"}) {
            long want = end.equals("COMMIT") ? 1 : 0;
            execute(c, "BEGIN");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table("tx") + " VALUES (?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "row");
                ps.executeUpdate();
            }
            Object inside = scalar(c, count);
            expect(bigInteger(inside, count).equals(BigInteger.ONE), "inside the transaction %s = %s, expected 1", count, inside);
            execute(c, end);
            for (Connection who : new Connection[] {c, observer}) {
                Object n = scalar(who, count);
                expect(bigInteger(n, count).equals(BigInteger.valueOf(want)), "after BEGIN, INSERT, %s: %s on the %s connection = %s, expected %d",
                        end, count, who == c ? "same" : "other", n, want);
            }
        }
    }

    /** Runs sql with one parameter (1); wants the error code, SQLSTATE and message text; then SELECT 1 works. */
    static void expectError(Connection c, String sql, int code, String state, String message) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, 1);
            ps.execute();
            throw fail("%s: succeeded, expected error %d (%s)", sql, code, state);
        } catch (SQLException e) {
            expect(e.getErrorCode() == code && state.equals(e.getSQLState()),
                    "%s: expected error %d (%s), got %d (%s) %s", sql, code, state, e.getErrorCode(), e.getSQLState(), e.getMessage());
            expect(e.getMessage().contains(message), "%s: error %d message %s, expected it to contain %s", sql, code, e.getMessage(), message);
        }
        Object one = scalar(c, "SELECT 1");
        expect(bigInteger(one, "SELECT 1").equals(BigInteger.ONE), "connection unusable after error %d: SELECT 1 gave %s", code, one);
    }

    static void checkErrors(Connection c, String protocol) throws Exception {
        String name = "errors_" + protocol;
        execute(c, "CREATE TABLE " + table(name) + " (id INT PRIMARY KEY)");
        String insert = "INSERT INTO " + table(name) + " (id) VALUES (?)";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setInt(1, 1);
            ps.executeUpdate();
        }
        // TiDB names the key `<table>.PRIMARY`, MariaDB `PRIMARY`.
        String key = TIDB ? "for key '" + name + ".PRIMARY'" : "for key 'PRIMARY'";
        expectError(c, insert, 1062, "23000", "Duplicate entry '1' " + key);
        expectError(c, "SELECT * FROM " + table("no_such_table") + " WHERE id = ?", 1146, "42S02",
                "Table '" + DATABASE + ".no_such_table' doesn't exist");
        expectError(c, "SELEC id FROM " + table(name) + " WHERE id = ?", 1064, "42000",
                "You have an error in your SQL syntax; check the manual that corresponds to your " + (TIDB ? "TiDB version" : "MariaDB server version"));
    }

    // ---- TiDB only ----

    static void checkSnapshotRead(Connection c) throws Exception {
        execute(c, "CREATE TABLE " + table("snap") + " (id INT PRIMARY KEY, v VARCHAR(10))");
        execute(c, "INSERT INTO " + table("snap") + " VALUES (1, 'old')");
        BigInteger tso = currentTSO(c);
        execute(c, "UPDATE " + table("snap") + " SET v = 'new' WHERE id = 1");
        String read = "SELECT v FROM " + table("snap") + " WHERE id = 1";
        String set = "SET @@tidb_snapshot = '" + tso + "'";
        execute(c, set);
        Object old = scalar(c, read);
        expect("old".equals(old), "with %s: read %s, expected old", set, old);
        execute(c, "SET @@tidb_snapshot = ''");
        Object now = scalar(c, read);
        expect("new".equals(now), "after SET @@tidb_snapshot = '': read %s, expected new", now);
    }

    static void checkBackupRestore(Connection c) throws Exception {
        String url = System.getenv("MATRIX_BACKUP_URL");
        String backup = "BACKUP DATABASE `" + DATABASE + "` TO '" + url + "'";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(backup)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) columns.add(meta.getColumnLabel(i));
            List<String> want = Arrays.asList("Destination", "Size", "BackupTS", "Queue Time", "Execution Time");
            expect(columns.equals(want), "BACKUP columns %s, expected %s", columns, want);
            expect(rs.next(), "BACKUP returned no row");
            expect(url.equals(rs.getString(1)), "BACKUP Destination = %s, expected %s", rs.getString(1), url);
            BigInteger backupTS = bigInteger(rs.getObject(3), "BACKUP BackupTS");
            checkTSO("BACKUP BackupTS", backupTS);
            expect(!rs.next(), "BACKUP returned more than one row");
        }
        execute(c, "DROP DATABASE `" + DATABASE + "`");
        String restore = "RESTORE DATABASE `" + DATABASE + "` FROM '" + url + "'";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(restore)) {
            expect(rs.next(), "RESTORE returned no row");
            expect(!rs.next(), "RESTORE returned more than one row");
        }
        for (int id = 1; id <= 4; id++) readBytesRow(c, id);
    }

    static Connection text, binary;

    public static void main(String[] args) throws Exception {
        run("connect", () -> {
            text = connect(false);
            binary = connect(true);
            checkConnect(text);
        });
        tidbOnly("dr-statements", () -> checkDRStatements(text));
        run("types-text", () -> checkTypes(text, "text"));
        run("types-binary", () -> checkTypes(binary, "binary"));
        run("bytes-text", () -> {
            createBytesTable(text);
            checkBytes(text, 1, false);
        });
        run("bytes-binary", () -> checkBytes(binary, 2, false));
        run("bytes-long-data", () -> checkBytes(binary, 3, true));
        run("transactions", () -> checkTransactions(text, binary));
        run("errors", () -> {
            checkErrors(text, "text");
            checkErrors(binary, "binary");
        });
        tidbOnly("snapshot-read", () -> checkSnapshotRead(text));
        tidbOnly("backup-restore", () -> checkBackupRestore(binary));
        execute(text, "DROP DATABASE IF EXISTS `" + DATABASE + "`");
        text.close();
        binary.close();
    }
}
