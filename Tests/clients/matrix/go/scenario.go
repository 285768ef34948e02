// The client-matrix scenario (../README.md) through go-sql-driver/mysql 1.5 (Debian's
// golang-github-go-sql-driver-mysql-dev, GOPATH mode) and database/sql.
//
// Text protocol: a DSN with interpolateParams=true (the driver inlines the arguments and sends
// COM_QUERY). Binary protocol: the default DSN (queries with arguments are prepared on the server
// and run with COM_STMT_EXECUTE); both with maxAllowedPacket=16 MiB so the 1 MiB argument goes
// inline. Long data: the default DSN with maxAllowedPacket=256 KiB, so the driver sends the 1 MiB
// argument with COM_STMT_SEND_LONG_DATA (seen on the wire).
//
// go-sql-driver 1.5 drops the SQLSTATE of an error packet (MySQLError has only Number and
// Message), so the `errors` check compares the error number and the message text instead.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

var (
	flavor   = os.Getenv("MATRIX_FLAVOR")
	database = os.Getenv("MATRIX_DATABASE")
	ctx      = context.Background()
)

// ---- output ----

// run runs one check: `ok <name>` when it returns nil, else `FAIL <name>: ...` and exit 1.
func run(name string, check func() error) {
	if err := check(); err != nil {
		fmt.Printf("FAIL %s: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("ok %s\n", name)
}

// tidbOnly runs a check only against TiDB; for MariaDB it prints `skip <name>: ...`.
func tidbOnly(name string, check func() error) {
	if flavor != "tidb" {
		fmt.Printf("skip %s: TiDB only (MATRIX_FLAVOR=%s)\n", name, flavor)
		return
	}
	run(name, check)
}

func failf(format string, args ...interface{}) error { return fmt.Errorf(format, args...) }

// ---- connections ----

// dsn builds a DSN without a default database (every statement names `database`.table, so
// DROP DATABASE in backup-restore leaves the pools usable).
func dsn(params string) string {
	return fmt.Sprintf("%s:%s@tcp(%s:%s)/?parseTime=true&loc=UTC&timeout=10s&readTimeout=120s&writeTimeout=120s%s",
		os.Getenv("MATRIX_USER"), os.Getenv("MATRIX_PASSWORD"), os.Getenv("MATRIX_HOST"), os.Getenv("MATRIX_PORT"), params)
}

func open(params string) *sql.DB {
	db, err := sql.Open("mysql", dsn(params))
	if err != nil {
		fmt.Printf("FAIL connect: %v\n", err)
		os.Exit(1)
	}
	return db
}

// table is the qualified name of one of the scenario's tables.
func table(name string) string { return fmt.Sprintf("`%s`.`%s`", database, name) }

// protocol is one way of sending arguments: text (interpolated) or binary (prepared).
type protocol struct {
	name string
	db   *sql.DB
}

// ---- checks ----

func checkConnect(db *sql.DB) error {
	var version string
	if err := db.QueryRow("SELECT VERSION()").Scan(&version); err != nil {
		return err
	}
	if flavor == "tidb" && !strings.Contains(version, "TiDB") {
		return failf("SELECT VERSION() = %q, expected it to contain TiDB", version)
	}
	for _, statement := range []string{
		"DROP DATABASE IF EXISTS `" + database + "`",
		"CREATE DATABASE `" + database + "` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
	} {
		if _, err := db.Exec(statement); err != nil {
			return failf("%s: %v", statement, err)
		}
	}
	return nil
}

func gcEnable(conn *sql.Conn) (int64, error) {
	var value int64
	err := conn.QueryRowContext(ctx, "SELECT @@global.tidb_gc_enable").Scan(&value)
	if err != nil {
		return 0, failf("SELECT @@global.tidb_gc_enable: %v", err)
	}
	return value, nil
}

// currentTSO runs BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK on conn and checks the TSO.
func currentTSO(conn *sql.Conn) (uint64, error) {
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return 0, failf("BEGIN: %v", err)
	}
	var tso uint64
	err := conn.QueryRowContext(ctx, "SELECT TIDB_CURRENT_TSO()").Scan(&tso)
	if _, rollbackErr := conn.ExecContext(ctx, "ROLLBACK"); err == nil && rollbackErr != nil {
		err = rollbackErr
	}
	if err != nil {
		return 0, failf("SELECT TIDB_CURRENT_TSO() in a transaction: %v", err)
	}
	if err := checkTSO("TIDB_CURRENT_TSO()", tso); err != nil {
		return 0, err
	}
	return tso, nil
}

// checkTSO wants a TSO of now: physical milliseconds (tso >> 18) within a day of this clock.
// (The README's "> 2^60" cannot hold: a TSO of 2026 is about 4.7e17 < 2^60 ≈ 1.15e18; the
// physical part puts it above 2^58, and it needs 59 bits, so an unsigned 64-bit read.)
func checkTSO(what string, tso uint64) error {
	physical := time.UnixMilli(int64(tso >> 18))
	if tso <= 1<<58 || physical.Sub(time.Now()).Abs() > 24*time.Hour {
		return failf("%s = %d (physical time %s), expected a TSO of now (> 2^58, physical part within a day of %s)",
			what, tso, physical.UTC().Format(time.RFC3339), time.Now().UTC().Format(time.RFC3339))
	}
	return nil
}

func checkDRStatements(db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET GLOBAL tidb_gc_enable = OFF"); err != nil {
		return failf("SET GLOBAL tidb_gc_enable = OFF: %v", err)
	}
	if value, err := gcEnable(conn); err != nil {
		return err
	} else if value != 0 {
		return failf("SELECT @@global.tidb_gc_enable after OFF = %d, expected 0", value)
	}
	if _, err := currentTSO(conn); err != nil {
		return err
	}

	rows, err := conn.QueryContext(ctx, "SHOW MASTER STATUS")
	if err != nil {
		return failf("SHOW MASTER STATUS: %v", err)
	}
	defer rows.Close()
	columns, _ := rows.Columns()
	wantColumns := []string{"File", "Position", "Binlog_Do_DB", "Binlog_Ignore_DB", "Executed_Gtid_Set"}
	if !reflect.DeepEqual(columns, wantColumns) {
		return failf("SHOW MASTER STATUS columns %q, expected %q", columns, wantColumns)
	}
	types, _ := rows.ColumnTypes()
	if name := types[1].DatabaseTypeName(); name != "BIGINT" {
		return failf("SHOW MASTER STATUS Position is %s, expected BIGINT", name)
	}
	if !rows.Next() {
		return failf("SHOW MASTER STATUS returned no row (%v)", rows.Err())
	}
	var file, doDB, ignoreDB, gtids string
	var position uint64
	if err := rows.Scan(&file, &position, &doDB, &ignoreDB, &gtids); err != nil {
		return failf("SHOW MASTER STATUS scan: %v", err)
	}
	if position == 0 {
		return failf("SHOW MASTER STATUS Position = 0, expected > 0")
	}
	if file != "tidb-binlog" || doDB != "" || ignoreDB != "" || gtids != "" {
		return failf("SHOW MASTER STATUS row (%q, %d, %q, %q, %q), expected (\"tidb-binlog\", TSO, \"\", \"\", \"\")",
			file, position, doDB, ignoreDB, gtids)
	}
	if rows.Next() {
		return failf("SHOW MASTER STATUS returned more than one row")
	}
	rows.Close()

	if _, err := conn.ExecContext(ctx, "SET GLOBAL tidb_gc_enable = ON"); err != nil {
		return failf("SET GLOBAL tidb_gc_enable = ON: %v", err)
	}
	if value, err := gcEnable(conn); err != nil {
		return err
	} else if value != 1 {
		return failf("SELECT @@global.tidb_gc_enable after ON = %d, expected 1", value)
	}
	return nil
}

// typeColumn is one column of the types table: its SQL type, the value inserted, the Go type it
// is read back as, and the database type name go-sql-driver reports for it.
type typeColumn struct {
	name, sqlType string
	value         interface{} // what is inserted (and expected back, unless want is set)
	want          interface{} // what is expected back, when it differs in type from value
	dbType        string      // ColumnType.DatabaseTypeName(); "TiDB|MariaDB" when they differ
	precision     [2]int64    // ColumnType.DecimalSize(), when hasPrecision
	hasPrecision  bool
}

var utc = time.UTC

var typeColumns = []typeColumn{
	{name: "c_int", sqlType: "INT", value: int64(-2147483648), dbType: "INT"},
	{name: "c_tinyint", sqlType: "TINYINT", value: int64(-128), dbType: "TINYINT"},
	{name: "c_smallint", sqlType: "SMALLINT", value: int64(32767), dbType: "SMALLINT"},
	{name: "c_mediumint", sqlType: "MEDIUMINT", value: int64(-8388608), dbType: "MEDIUMINT"},
	{name: "c_bigint", sqlType: "BIGINT", value: int64(math.MinInt64), dbType: "BIGINT"},
	{name: "c_ubigint", sqlType: "BIGINT UNSIGNED", value: uint64(math.MaxUint64), dbType: "BIGINT"},
	{name: "c_decimal", sqlType: "DECIMAL(20,6)", value: "-12345678901234.567891", dbType: "DECIMAL",
		precision: [2]int64{20, 6}, hasPrecision: true},
	{name: "c_float", sqlType: "FLOAT", value: float64(float32(3.14)), want: float32(3.14), dbType: "FLOAT",
		precision: [2]int64{math.MaxInt64, math.MaxInt64}, hasPrecision: true},
	{name: "c_double", sqlType: "DOUBLE", value: math.E, dbType: "DOUBLE",
		precision: [2]int64{math.MaxInt64, math.MaxInt64}, hasPrecision: true},
	{name: "c_char", sqlType: "CHAR(10)", value: "abc", dbType: "CHAR"},
	{name: "c_varchar", sqlType: "VARCHAR(50)", value: "añ中😀", dbType: "VARCHAR"},
	{name: "c_text", sqlType: "TEXT", value: "quote ' dquote \" backslash \\ percent % newline \n tab \t ñ 中 😀", dbType: "TEXT"},
	// Binary values stay below 0x80 here; the full byte range is the bytes-* checks' job.
	{name: "c_binary", sqlType: "BINARY(4)", value: []byte{0x00, '\'', '\\', 0x7f}, dbType: "BINARY"},
	{name: "c_varbinary", sqlType: "VARBINARY(20)", value: []byte{0x00, '\'', '"', '\\', 0x1a, '\n', '\r', '%', '_', 'z'}, dbType: "VARBINARY"},
	{name: "c_blob", sqlType: "BLOB", value: []byte("blob\x00with\x00NULs"), dbType: "BLOB"},
	{name: "c_date", sqlType: "DATE", value: time.Date(2024, 2, 29, 0, 0, 0, 0, utc), dbType: "DATE"},
	{name: "c_datetime", sqlType: "DATETIME(6)", value: time.Date(2024, 2, 29, 13, 14, 15, 123456000, utc), dbType: "DATETIME",
		precision: [2]int64{6, 6}, hasPrecision: true},
	{name: "c_timestamp", sqlType: "TIMESTAMP NULL", value: time.Date(2024, 3, 1, 1, 2, 3, 0, utc), dbType: "TIMESTAMP",
		precision: [2]int64{0, 0}, hasPrecision: true},
	{name: "c_time", sqlType: "TIME", value: "-123:45:06", dbType: "TIME", precision: [2]int64{0, 0}, hasPrecision: true},
	{name: "c_year", sqlType: "YEAR", value: int64(2024), dbType: "YEAR"},
	// TiDB prints JSON in this canonical form (sorted keys, ", " and ": "), so the text must come
	// back as it went in; MariaDB keeps the text. MariaDB's JSON is LONGTEXT (a BLOB type with a
	// text charset on the wire).
	{name: "c_json", sqlType: "JSON", value: `{"a": [1, 2.5, "x"], "b": null, "c": "ñ"}`, dbType: "JSON|TEXT"},
}

func (c typeColumn) expected() interface{} {
	if c.want != nil {
		return c.want
	}
	return c.value
}

func (c typeColumn) expectedDBType() string {
	if parts := strings.Split(c.dbType, "|"); len(parts) == 2 {
		if flavor == "tidb" {
			return parts[0]
		}
		return parts[1]
	}
	return c.dbType
}

// equal compares a value read back with the expected one.
func (c typeColumn) equal(got interface{}) bool {
	want := c.expected()
	switch w := want.(type) {
	case time.Time:
		g, ok := got.(time.Time)
		return ok && g.Equal(w)
	case []byte:
		g, ok := got.([]byte)
		return ok && bytes.Equal(g, w)
	}
	return reflect.DeepEqual(got, want)
}

func createTypesTable(db *sql.DB, name string) error {
	definitions := []string{"id INT NOT NULL PRIMARY KEY"}
	for _, c := range typeColumns {
		definitions = append(definitions, c.name+" "+c.sqlType)
	}
	statement := fmt.Sprintf("CREATE TABLE %s (%s)", table(name), strings.Join(definitions, ", "))
	if _, err := db.Exec(statement); err != nil {
		return failf("%s: %v", statement, err)
	}
	return nil
}

func checkTypes(p protocol) error {
	name := "types_" + p.name
	if err := createTypesTable(p.db, name); err != nil {
		return err
	}
	names := make([]string, len(typeColumns))
	marks := make([]string, len(typeColumns))
	values := []interface{}{int64(1)}
	nulls := []interface{}{int64(2)}
	for i, c := range typeColumns {
		names[i] = c.name
		marks[i] = "?"
		values = append(values, c.value)
		nulls = append(nulls, nil)
	}
	insert := fmt.Sprintf("INSERT INTO %s (id, %s) VALUES (?, %s)", table(name), strings.Join(names, ", "), strings.Join(marks, ", "))
	for _, row := range [][]interface{}{values, nulls} {
		if _, err := p.db.Exec(insert, row...); err != nil {
			return failf("%s with %v: %v", insert, row, err)
		}
	}

	// Read each row by itself, with an argument, so the binary pool really runs a prepared
	// statement (go-sql-driver sends a query without arguments as COM_QUERY).
	query := fmt.Sprintf("SELECT id, %s FROM %s WHERE id = ?", strings.Join(names, ", "), table(name))
	for _, id := range []int64{1, 2} {
		if err := readTypesRow(p, query, id); err != nil {
			return err
		}
	}
	return nil
}

func readTypesRow(p protocol, query string, id int64) error {
	rows, err := p.db.Query(query, id)
	if err != nil {
		return failf("%s (id %d): %v", query, id, err)
	}
	defer rows.Close()
	columnTypes, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	// Every column is checked; the failure lists all the differences.
	var problems []string
	problem := func(format string, args ...interface{}) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if nullable, _ := columnTypes[0].Nullable(); nullable {
		problem("id column (INT NOT NULL PRIMARY KEY) is reported nullable")
	}
	for i, c := range typeColumns {
		ct := columnTypes[i+1]
		if got := ct.DatabaseTypeName(); got != c.expectedDBType() {
			problem("%s %s: column type %s, expected %s", c.name, c.sqlType, got, c.expectedDBType())
		}
		if nullable, _ := ct.Nullable(); !nullable {
			problem("%s %s: column reported NOT NULL", c.name, c.sqlType)
		}
		if c.hasPrecision {
			precision, scale, _ := ct.DecimalSize()
			if precision != c.precision[0] || scale != c.precision[1] {
				problem("%s %s: DecimalSize (%d, %d), expected (%d, %d)", c.name, c.sqlType, precision, scale,
					c.precision[0], c.precision[1])
			}
		}
	}

	if !rows.Next() {
		return failf("row %d missing (%v)", id, rows.Err())
	}
	// Scan each column into a **T of its natural Go type: nil for NULL, else the value.
	var gotID int64
	destinations := []interface{}{&gotID}
	for _, c := range typeColumns {
		destinations = append(destinations, reflect.New(reflect.PtrTo(reflect.TypeOf(c.expected()))).Interface())
	}
	if err := rows.Scan(destinations...); err != nil {
		return failf("scan of row %d: %v", id, err)
	}
	for i, c := range typeColumns {
		pointer := reflect.ValueOf(destinations[i+1]).Elem()
		switch {
		case id == 2 && !pointer.IsNil():
			problem("%s %s: NULL read back as %#v", c.name, c.sqlType, pointer.Elem().Interface())
		case id == 2:
		case pointer.IsNil():
			problem("%s %s: %#v read back as NULL", c.name, c.sqlType, c.expected())
		case !c.equal(pointer.Elem().Interface()):
			problem("%s %s: read back %#v, expected %#v", c.name, c.sqlType, pointer.Elem().Interface(), c.expected())
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return failf("row %d: %s", id, strings.Join(problems, "; "))
	}
	return nil
}

// ---- bytes ----

var allBytes = func() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}()

var megabyte = func() []byte {
	b := make([]byte, 1<<20)
	rand.New(rand.NewSource(20240229)).Read(b)
	return b
}()

// byteRows: the row id each bytes check writes (the rows backup-restore reads again).
var byteRows = map[string]int64{"bytes-text": 1, "bytes-binary": 2, "bytes-long-data": 3}

func createBytesTable(db *sql.DB) error {
	statement := "CREATE TABLE " + table("bytes") + " (id INT PRIMARY KEY, vb VARBINARY(300), b BLOB, lb LONGBLOB)"
	if _, err := db.Exec(statement); err != nil {
		return failf("%s: %v", statement, err)
	}
	return nil
}

// sameBytes describes how got differs from want, or returns "".
func sameBytes(got, want []byte) string {
	if bytes.Equal(got, want) {
		return ""
	}
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i] != want[i] {
			end := i + 8
			if end > len(got) {
				end = len(got)
			}
			return fmt.Sprintf("%d bytes read back, %d expected; first difference at offset %d: got % x, expected %02x", len(got), len(want), i, got[i:end], want[i])
		}
	}
	return fmt.Sprintf("%d bytes read back, %d expected (one is a prefix of the other)", len(got), len(want))
}

// readBytesRow reads row id through db (with an argument: binary protocol on the binary pool)
// and compares it with the values written.
func readBytesRow(db *sql.DB, id int64) error {
	var vb, b, lb []byte
	query := "SELECT vb, b, lb FROM " + table("bytes") + " WHERE id = ?"
	if err := db.QueryRow(query, id).Scan(&vb, &b, &lb); err != nil {
		return failf("%s (id %d): %v", query, id, err)
	}
	for _, c := range []struct {
		column    string
		got, want []byte
	}{{"VARBINARY(300)", vb, allBytes}, {"BLOB", b, allBytes}, {"LONGBLOB", lb, megabyte}} {
		if difference := sameBytes(c.got, c.want); difference != "" {
			return failf("row %d %s: %s", id, c.column, difference)
		}
	}
	return nil
}

func checkBytes(db *sql.DB, check string) error {
	id := byteRows[check]
	insert := "INSERT INTO " + table("bytes") + " (id, vb, b, lb) VALUES (?, ?, ?, ?)"
	if _, err := db.Exec(insert, id, allBytes, allBytes, megabyte); err != nil {
		return failf("%s: %v", insert, err)
	}
	return readBytesRow(db, id)
}

// ---- transactions, errors ----

func count(conn *sql.Conn, query string) (int64, error) {
	var n int64
	if err := conn.QueryRowContext(ctx, query).Scan(&n); err != nil {
		return 0, failf("%s: %v", query, err)
	}
	return n, nil
}

func checkTransactions(db, other *sql.DB) error {
	if _, err := db.Exec("CREATE TABLE " + table("tx") + " (id INT PRIMARY KEY, v VARCHAR(10))"); err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	observer, err := other.Conn(ctx)
	if err != nil {
		return err
	}
	defer observer.Close()
	selectCount := "SELECT COUNT(*) FROM " + table("tx")
	for _, step := range []struct {
		end  string
		want int64
	}{{"ROLLBACK", 0}, {"COMMIT", 1}} {
		if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
			return failf("BEGIN: %v", err)
		}
		if _, err := conn.ExecContext(ctx, "INSERT INTO "+table("tx")+" VALUES (?, ?)", 1, "row"); err != nil {
			return failf("INSERT in a transaction: %v", err)
		}
		if n, err := count(conn, selectCount); err != nil {
			return err
		} else if n != 1 {
			return failf("inside the transaction %s = %d, expected 1", selectCount, n)
		}
		if _, err := conn.ExecContext(ctx, step.end); err != nil {
			return failf("%s: %v", step.end, err)
		}
		for who, c := range map[string]*sql.Conn{"same connection": conn, "another connection": observer} {
			if n, err := count(c, selectCount); err != nil {
				return err
			} else if n != step.want {
				return failf("after BEGIN, INSERT, %s: %s on the %s = %d, expected %d", step.end, selectCount, who, n, step.want)
			}
		}
	}
	return nil
}

// expectError runs statement on conn and wants the MySQL error number with a message that
// contains one of the given texts; then checks the connection still answers.
func expectError(conn *sql.Conn, statement string, args []interface{}, number uint16, messages ...string) error {
	_, err := conn.ExecContext(ctx, statement, args...)
	var mysqlErr *mysql.MySQLError
	if !errors.As(err, &mysqlErr) {
		return failf("%s: expected error %d, got %v", statement, number, err)
	}
	if mysqlErr.Number != number {
		return failf("%s: expected error %d, got %d %q", statement, number, mysqlErr.Number, mysqlErr.Message)
	}
	matched := false
	for _, m := range messages {
		matched = matched || strings.Contains(mysqlErr.Message, m)
	}
	if !matched {
		return failf("%s: error %d message %q, expected it to contain %q", statement, number, mysqlErr.Message, messages)
	}
	var one int64
	if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		return failf("connection unusable after error %d: SELECT 1 gave %d, %v", number, one, err)
	}
	return nil
}

func checkErrors(protocols []protocol) error {
	for _, p := range protocols {
		name := "errors_" + p.name
		if _, err := p.db.Exec("CREATE TABLE " + table(name) + " (id INT PRIMARY KEY)"); err != nil {
			return err
		}
		conn, err := p.db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		insert := "INSERT INTO " + table(name) + " (id) VALUES (?)"
		if _, err := conn.ExecContext(ctx, insert, 1); err != nil {
			return failf("%s: %v", insert, err)
		}
		// TiDB names the key `<table>.PRIMARY`, MariaDB `PRIMARY`.
		key := "for key 'PRIMARY'"
		if flavor == "tidb" {
			key = fmt.Sprintf("for key '%s.PRIMARY'", name)
		}
		syntax := "MariaDB server version"
		if flavor == "tidb" {
			syntax = "TiDB version"
		}
		if err := expectError(conn, insert, []interface{}{1}, 1062, "Duplicate entry '1' "+key); err != nil {
			return failf("%s: %v", p.name, err)
		}
		if err := expectError(conn, "SELECT * FROM "+table("no_such_table")+" WHERE id = ?", []interface{}{1}, 1146,
			fmt.Sprintf("Table '%s.no_such_table' doesn't exist", database)); err != nil {
			return failf("%s: %v", p.name, err)
		}
		if err := expectError(conn, "SELEC id FROM "+table(name)+" WHERE id = ?", []interface{}{1}, 1064,
			"You have an error in your SQL syntax; check the manual that corresponds to your "+syntax); err != nil {
			return failf("%s: %v", p.name, err)
		}
	}
	return nil
}

// ---- TiDB only ----

func checkSnapshotRead(db *sql.DB) error {
	if _, err := db.Exec("CREATE TABLE " + table("snap") + " (id INT PRIMARY KEY, v VARCHAR(10))"); err != nil {
		return err
	}
	if _, err := db.Exec("INSERT INTO "+table("snap")+" VALUES (1, ?)", "old"); err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tso, err := currentTSO(conn)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "UPDATE "+table("snap")+" SET v = ? WHERE id = 1", "new"); err != nil {
		return failf("UPDATE: %v", err)
	}
	read := func(want string) error {
		var v string
		if err := conn.QueryRowContext(ctx, "SELECT v FROM "+table("snap")+" WHERE id = 1").Scan(&v); err != nil {
			return err
		}
		if v != want {
			return failf("read %q, expected %q", v, want)
		}
		return nil
	}
	set := fmt.Sprintf("SET @@tidb_snapshot = '%d'", tso)
	if _, err := conn.ExecContext(ctx, set); err != nil {
		return failf("%s: %v", set, err)
	}
	if err := read("old"); err != nil {
		return failf("with %s: %v", set, err)
	}
	if _, err := conn.ExecContext(ctx, "SET @@tidb_snapshot = ''"); err != nil {
		return failf("SET @@tidb_snapshot = '': %v", err)
	}
	if err := read("new"); err != nil {
		return failf("after SET @@tidb_snapshot = '': %v", err)
	}
	return nil
}

func checkBackupRestore(db *sql.DB) error {
	url := os.Getenv("MATRIX_BACKUP_URL")
	backup := fmt.Sprintf("BACKUP DATABASE `%s` TO '%s'", database, url)
	rows, err := db.Query(backup)
	if err != nil {
		return failf("%s: %v", backup, err)
	}
	columns, _ := rows.Columns()
	wantColumns := []string{"Destination", "Size", "BackupTS", "Queue Time", "Execution Time"}
	if !reflect.DeepEqual(columns, wantColumns) {
		rows.Close()
		return failf("BACKUP columns %q, expected %q", columns, wantColumns)
	}
	results := 0
	var destination string
	var size, backupTS uint64
	var queued, executed interface{}
	for rows.Next() {
		results++
		if err := rows.Scan(&destination, &size, &backupTS, &queued, &executed); err != nil {
			rows.Close()
			return failf("BACKUP row: %v", err)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return failf("%s: %v", backup, err)
	}
	if results != 1 {
		return failf("BACKUP returned %d rows, expected 1", results)
	}
	if err := checkTSO("BACKUP BackupTS", backupTS); err != nil {
		return err
	}
	if destination != url {
		return failf("BACKUP Destination = %q, expected %q", destination, url)
	}

	if _, err := db.Exec("DROP DATABASE `" + database + "`"); err != nil {
		return failf("DROP DATABASE: %v", err)
	}
	restore := fmt.Sprintf("RESTORE DATABASE `%s` FROM '%s'", database, url)
	rows, err = db.Query(restore)
	if err != nil {
		return failf("%s: %v", restore, err)
	}
	results = 0
	for rows.Next() {
		results++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return failf("%s: %v", restore, err)
	}
	if results != 1 {
		return failf("RESTORE returned %d rows, expected 1", results)
	}
	for _, id := range []int64{1, 2, 3} {
		if err := readBytesRow(db, id); err != nil {
			return failf("after RESTORE: %v", err)
		}
	}
	return nil
}

func main() {
	// maxAllowedPacket = 16 MiB: the 1 MiB argument goes inline (the driver's default, 4 MiB,
	// would already send it as long data on the binary pool: its limit is maxAllowedPacket/5).
	text := open("&interpolateParams=true&maxAllowedPacket=16777216")
	binary := open("&maxAllowedPacket=16777216")
	// With maxAllowedPacket = 256 KiB, an argument over maxAllowedPacket/(parameters+1) bytes
	// goes out in COM_STMT_SEND_LONG_DATA packets.
	longData := open("&maxAllowedPacket=262144")
	defer text.Close()
	defer binary.Close()
	defer longData.Close()
	protocols := []protocol{{"text", text}, {"binary", binary}}

	run("connect", func() error { return checkConnect(text) })
	tidbOnly("dr-statements", func() error { return checkDRStatements(text) })
	for _, p := range protocols {
		p := p
		run("types-"+p.name, func() error { return checkTypes(p) })
	}
	if err := createBytesTable(text); err != nil {
		run("bytes-text", func() error { return err })
	}
	run("bytes-text", func() error { return checkBytes(text, "bytes-text") })
	run("bytes-binary", func() error { return checkBytes(binary, "bytes-binary") })
	run("bytes-long-data", func() error { return checkBytes(longData, "bytes-long-data") })
	run("transactions", func() error { return checkTransactions(text, binary) })
	run("errors", func() error { return checkErrors(protocols) })
	tidbOnly("snapshot-read", func() error { return checkSnapshotRead(text) })
	tidbOnly("backup-restore", func() error { return checkBackupRestore(binary) })
	if _, err := text.Exec("DROP DATABASE IF EXISTS `" + database + "`"); err != nil {
		fmt.Printf("FAIL cleanup: DROP DATABASE: %v\n", err)
		os.Exit(1)
	}
}
