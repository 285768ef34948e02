<?php
// The client matrix scenario (../README.md) through PHP's MySQL clients, both on mysqlnd:
//   php scenario.php mysqli   text protocol (real_escape_string + query) and prepared statements
//                             (bind_param; the 1 MiB blob also with send_long_data)
//   php scenario.php pdo      pdo_mysql with emulated prepares (text protocol) and native prepares
//                             (PDO::ATTR_EMULATE_PREPARES = false, binary protocol)
// Prints `ok <check>` / `skip <check>: why`; the first failure prints `FAIL <check>: ...` and exits 1.
declare(strict_types=1);

$API = $argv[1] ?? '';
if ($API !== 'mysqli' && $API !== 'pdo') {
    fwrite(STDERR, "usage: php scenario.php mysqli|pdo\n");
    exit(2);
}
$HOST = getenv('MATRIX_HOST') ?: '127.0.0.1';
$PORT = (int)(getenv('MATRIX_PORT') ?: '4000');
$USER = getenv('MATRIX_USER') ?: 'root';
$PASSWORD = (string)getenv('MATRIX_PASSWORD');
$DB = getenv('MATRIX_DATABASE') ?: 'matrix_php_' . $API;
$BACKUP_URL = (string)getenv('MATRIX_BACKUP_URL');
$TIDB = (getenv('MATRIX_FLAVOR') ?: 'tidb') === 'tidb';

// ---------------------------------------------------------------------------------------------
// Output helpers

// The check under way, for the FAIL line of an exception nobody expected.
$CURRENT = 'connect';
set_exception_handler(function (Throwable $e) {
    global $CURRENT;
    echo "FAIL $CURRENT: uncaught " . get_class($e) . ': ' . $e->getMessage() . "\n";
    exit(1);
});

function ok(string $check): void { echo "ok $check\n"; }
function skip(string $check, string $why): void { echo "skip $check: $why\n"; }
function fail(string $check, string $message): never
{
    echo "FAIL $check: $message\n";
    exit(1);
}

/** A short, unambiguous rendering of a value: type and content, binary strings in hex. */
function show(mixed $value): string
{
    if (is_string($value)) {
        $text = strlen($value) > 48 ? substr($value, 0, 48) : $value;
        $more = strlen($value) > 48 ? '...(' . strlen($value) . ' bytes)' : '';
        return preg_match('//u', $text) && !preg_match('/[\x00-\x1f\x7f]/', $text)
            ? 'string "' . $text . '"' . $more
            : 'string x\'' . bin2hex($text) . '\'' . $more;
    }
    if (is_float($value)) return 'float ' . var_export($value, true);
    if (is_array($value)) return 'array ' . json_encode($value, JSON_UNESCAPED_UNICODE);
    return get_debug_type($value) . ' ' . var_export($value, true);
}

function expect_same(string $check, string $what, mixed $expected, mixed $actual): void
{
    if ($expected !== $actual) fail($check, "$what: expected " . show($expected) . ', got ' . show($actual));
}

/** Byte strings compared by length, then the first differing offset. */
function expect_bytes(string $check, string $what, string $expected, mixed $actual): void
{
    if (!is_string($actual)) fail($check, "$what: expected " . strlen($expected) . ' bytes, got ' . show($actual));
    if (strlen($actual) !== strlen($expected)) {
        fail($check, "$what: expected " . strlen($expected) . ' bytes, got ' . strlen($actual) . ' bytes ' . show($actual));
    }
    if ($actual !== $expected) {
        $n = strspn($actual ^ $expected, "\0");
        fail($check, "$what: byte $n differs: expected " . bin2hex(substr($expected, $n, 8)) . '..., got ' . bin2hex(substr($actual, $n, 8)) . '...');
    }
}

/**
 * A TSO: an integer whose physical part (the bits above the 18 logical ones) is the Unix time in
 * milliseconds, here within ten minutes of this machine's clock. (Current TSOs are about 4.7e17,
 * between 2^58 and 2^59: the README's "> 2^60" cannot hold before the 2030s, so it is not tested.)
 * A PHP int: mysqlnd gives one for a BIGINT (signed or unsigned) below 2^63, in both protocols.
 */
function is_tso(mixed $value): bool
{
    return is_int($value) && abs(($value >> 18) - (int)(microtime(true) * 1000)) < 600000;
}

// ---------------------------------------------------------------------------------------------
// One small interface over mysqli and PDO: `text` runs SQL through the text protocol (mysqli query,
// PDO emulated prepares), `binary` through server-side prepared statements. Both return the rows
// as associative arrays (null for a statement without a result set). Errors are SqlError exceptions
// with the server's code and SQLSTATE.

final class SqlError extends Exception
{
    public function __construct(public readonly int $errno, public readonly string $sqlstate, string $message)
    {
        parent::__construct("$errno ($sqlstate) $message");
    }
}

// Parameters are [value, kind] pairs; kind is 'i' (integer), 'd' (float), 's' (string), 'b' (bytes).

interface Connection
{
    /** @return array<int, array<string, mixed>>|null */
    public function text(string $sql, array $params = []): ?array;
    /** @return array<int, array<string, mixed>>|null */
    public function binary(string $sql, array $params = []): ?array;
    public function begin(): void;
    public function commit(): void;
}

final class MysqliConnection implements Connection
{
    public mysqli $db;

    public function __construct(string $host, int $port, string $user, string $password)
    {
        mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
        $this->db = mysqli_init();
        // Integers and floats of the text protocol as PHP ints and floats (as in the binary
        // protocol), so the column types the server declares are checked too.
        $this->db->options(MYSQLI_OPT_INT_AND_FLOAT_NATIVE, 1);
        $this->db->real_connect($host, $user, $password, '', $port);
        $this->db->set_charset('utf8mb4');
    }

    private function wrap(callable $action): mixed
    {
        try {
            return $action();
        } catch (mysqli_sql_exception $e) {
            throw new SqlError($e->getCode(), $e->getSqlState(), $e->getMessage());
        }
    }

    /** Text protocol: parameters escaped with real_escape_string and spliced into the SQL. */
    public function text(string $sql, array $params = []): ?array
    {
        $parts = explode('?', $sql);
        if (count($parts) !== count($params) + 1) throw new LogicException("placeholders in $sql");
        $out = array_shift($parts);
        foreach ($params as [$value, $kind]) {
            $out .= match (true) {
                $value === null => 'NULL',
                $kind === 'i' => (string)$value,
                default => "'" . $this->db->real_escape_string((string)$value) . "'",
            } . array_shift($parts);
        }
        return $this->wrap(function () use ($out) {
            $result = $this->db->query($out);
            return $result instanceof mysqli_result ? $result->fetch_all(MYSQLI_ASSOC) : null;
        });
    }

    /** Prepared statement: bind_param with i/d/s types, bytes as 's' (inline in COM_STMT_EXECUTE). */
    public function binary(string $sql, array $params = []): ?array
    {
        return $this->wrap(function () use ($sql, $params) {
            $stmt = $this->db->prepare($sql);
            if ($params) {
                $types = '';
                $values = [];
                foreach ($params as [$value, $kind]) {
                    $types .= $kind === 'b' ? 's' : $kind;
                    $values[] = $value;
                }
                $stmt->bind_param($types, ...$values);
            }
            $stmt->execute();
            $result = $stmt->get_result();
            $rows = $result instanceof mysqli_result ? $result->fetch_all(MYSQLI_ASSOC) : null;
            $stmt->close();
            return $rows;
        });
    }

    /** The 'b' bind type: every byte parameter sent with COM_STMT_SEND_LONG_DATA in 64 KiB pieces. */
    public function longData(string $sql, array $params): void
    {
        $this->wrap(function () use ($sql, $params) {
            $stmt = $this->db->prepare($sql);
            $types = '';
            $values = [];
            foreach ($params as [$value, $kind]) {
                $types .= $kind;
                $values[] = $kind === 'b' ? null : $value;
            }
            $stmt->bind_param($types, ...$values);
            foreach ($params as $index => [$value, $kind]) {
                if ($kind !== 'b') continue;
                foreach (str_split($value, 65536) as $piece) $stmt->send_long_data($index, $piece);
            }
            $stmt->execute();
            $stmt->close();
        });
    }

    public function begin(): void { $this->wrap(fn() => $this->db->begin_transaction()); }
    public function commit(): void { $this->wrap(fn() => $this->db->commit()); }
}

final class PdoConnection implements Connection
{
    public PDO $db;

    public function __construct(string $host, int $port, string $user, string $password)
    {
        $this->db = new PDO("mysql:host=$host;port=$port;charset=utf8mb4", $user, $password, [
            PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
            PDO::ATTR_EMULATE_PREPARES => true,
            PDO::ATTR_STRINGIFY_FETCHES => false,
        ]);
    }

    private function run(string $sql, array $params, bool $emulate): ?array
    {
        try {
            // (pdo_mysql takes the mode from the connection attribute, not from prepare's options)
            $this->db->setAttribute(PDO::ATTR_EMULATE_PREPARES, $emulate);
            $stmt = $this->db->prepare($sql);
            foreach ($params as $index => [$value, $kind]) {
                $type = match (true) {
                    $value === null => PDO::PARAM_NULL,
                    $kind === 'i' => PDO::PARAM_INT,
                    $kind === 'b' => PDO::PARAM_LOB,
                    default => PDO::PARAM_STR,
                };
                $stmt->bindValue($index + 1, $kind === 'd' ? (string)$value : $value, $type);
            }
            $stmt->execute();
            $rows = $stmt->columnCount() > 0 ? $stmt->fetchAll(PDO::FETCH_ASSOC) : null;
            $stmt->closeCursor();
            return $rows;
        } catch (PDOException $e) {
            $info = $e->errorInfo ?? [];
            throw new SqlError((int)($info[1] ?? 0), (string)($info[0] ?? ''), $e->getMessage());
        }
    }

    /** Emulated prepare: PDO quotes the parameters into the SQL (text protocol). */
    public function text(string $sql, array $params = []): ?array { return $this->run($sql, $params, true); }
    /** Native prepare (binary protocol). */
    public function binary(string $sql, array $params = []): ?array { return $this->run($sql, $params, false); }

    public function begin(): void { $this->db->beginTransaction(); }
    public function commit(): void { $this->db->commit(); }
}

// ---------------------------------------------------------------------------------------------
// Test data

/** The 256 byte values in order, and 1 MiB from a seeded LCG (glibc's constants, byte = bits 16..23). */
$ALL_BYTES = implode('', array_map('chr', range(0, 255)));
$MIB = (function (): string {
    $x = 20240229;
    $out = '';
    for ($i = 0; $i < 1048576; $i++) {
        $x = ($x * 1103515245 + 12345) & 0x7fffffff;
        $out .= chr(($x >> 16) & 0xff);
    }
    return $out;
})();

$TYPES_DDL = 'CREATE TABLE types (id INT PRIMARY KEY, i INT, ti TINYINT, si SMALLINT, mi MEDIUMINT,
    bi BIGINT, ubi BIGINT UNSIGNED, d DECIMAL(20,6), f FLOAT, db DOUBLE, c CHAR(10), vc VARCHAR(50),
    tx TEXT, bn BINARY(4), vb VARBINARY(20), bl BLOB, dt DATE, dtm DATETIME(6), ts TIMESTAMP NULL,
    tm TIME, y YEAR, j JSON)';
$JSON = ['a' => [1, 2.5, 'añ中😀', null, true], 'b' => ['c' => 'd']];
// column => [value to insert, kind, value read back as PHP's natural type]
$TYPES = [
    'i' => [-2147483648, 'i', -2147483648],
    'ti' => [-128, 'i', -128],
    'si' => [32767, 'i', 32767],
    'mi' => [-8388608, 'i', -8388608],
    'bi' => [PHP_INT_MIN, 'i', PHP_INT_MIN],
    'ubi' => ['18446744073709551615', 's', '18446744073709551615'], // beyond PHP_INT_MAX: a string
    'd' => ['-12345678901234.567891', 's', '-12345678901234.567891'],
    'f' => [-2.5, 'd', -2.5],
    'db' => [6.02214076e23, 'd', 6.02214076e23],
    'c' => ['abc', 's', 'abc'],
    'vc' => ['añ中😀', 's', 'añ中😀'],
    'tx' => ["text with a 'quote', a \\ backslash and añ中😀", 's', "text with a 'quote', a \\ backslash and añ中😀"],
    // Binary values stay in bytes the known UTF-8 handling cannot touch; all 256 are the bytes-* checks' job.
    'bn' => ["\x00a\x7fZ", 'b', "\x00a\x7fZ"],
    'vb' => ["\x00\x01bin\x7f", 'b', "\x00\x01bin\x7f"],
    'bl' => ["blob\x00中\n", 'b', "blob\x00中\n"],
    'dt' => ['2024-02-29', 's', '2024-02-29'],
    'dtm' => ['2024-02-29 23:59:58.123456', 's', '2024-02-29 23:59:58.123456'],
    'ts' => ['2024-03-01 12:34:56', 's', '2024-03-01 12:34:56'],
    'tm' => ['-838:59:59', 's', '-838:59:59'],
    // YEAR carries UNSIGNED|ZEROFILL (TiDB's ddl adds ZEROFILL, as MySQL does): mysqlnd pads it to a string.
    'y' => [2024, 'i', '2024'],
    'j' => [json_encode($JSON, JSON_UNESCAPED_UNICODE), 's', $JSON],
];

// ---------------------------------------------------------------------------------------------
// The checks

function connect_check(string $check, bool $tidb): Connection
{
    global $API, $HOST, $PORT, $USER, $PASSWORD;
    try {
        $c = $API === 'mysqli'
            ? new MysqliConnection($HOST, $PORT, $USER, $PASSWORD)
            : new PdoConnection($HOST, $PORT, $USER, $PASSWORD);
        $version = $c->text('SELECT VERSION() AS v')[0]['v'];
    } catch (Throwable $e) {
        fail($check, 'connect / SELECT VERSION(): ' . $e->getMessage());
    }
    if (!is_string($version) || ($tidb && !str_contains($version, 'TiDB'))) fail($check, 'VERSION() is ' . show($version));
    ok($check);
    return $c;
}

function dr_statements(Connection $c, string $check): void
{
    $c->text('SET GLOBAL tidb_gc_enable = OFF');
    $rows = $c->text('SELECT @@global.tidb_gc_enable AS gc');
    expect_same($check, 'SELECT @@global.tidb_gc_enable after SET GLOBAL tidb_gc_enable = OFF', 0, $rows[0]['gc']);

    $c->text('BEGIN');
    $tso = $c->text('SELECT TIDB_CURRENT_TSO() AS tso')[0]['tso'];
    $c->text('ROLLBACK');
    if (!is_tso($tso)) fail($check, 'TIDB_CURRENT_TSO() in a transaction: expected a TSO, got ' . show($tso));
    $c->text('BEGIN');
    $tso2 = $c->binary('SELECT TIDB_CURRENT_TSO() AS tso')[0]['tso'];
    $c->text('ROLLBACK');
    if (!is_tso($tso2) || $tso2 <= $tso) fail($check, "TIDB_CURRENT_TSO() (prepared, after $tso): expected a later TSO, got " . show($tso2));

    foreach (['text', 'binary'] as $protocol) {
        $rows = $c->$protocol('SHOW MASTER STATUS');
        if (count($rows) !== 1) fail($check, "SHOW MASTER STATUS ($protocol): expected 1 row, got " . count($rows));
        expect_same($check, "SHOW MASTER STATUS ($protocol) columns",
            ['File', 'Position', 'Binlog_Do_DB', 'Binlog_Ignore_DB', 'Executed_Gtid_Set'], array_keys($rows[0]));
        $position = $rows[0]['Position'];
        if (!is_tso($position) || $position <= $tso2) fail($check, "SHOW MASTER STATUS ($protocol) Position: expected a TSO after $tso2, got " . show($position));
    }

    $c->text('SET GLOBAL tidb_gc_enable = ON');
    expect_same($check, 'SELECT @@global.tidb_gc_enable after ON', 1, $c->text('SELECT @@global.tidb_gc_enable AS gc')[0]['gc']);
    ok($check);
}

function types_check(Connection $c, string $check, string $protocol, int $id): void
{
    global $TYPES;
    $columns = array_keys($TYPES);
    $placeholders = implode(', ', array_fill(0, count($columns) + 1, '?'));
    $sql = 'INSERT INTO types (id, ' . implode(', ', $columns) . ") VALUES ($placeholders)";
    $values = [[$id, 'i']];
    $nulls = [[$id + 1, 'i']];
    foreach ($TYPES as [$value, $kind]) {
        $values[] = [$value, $kind];
        $nulls[] = [null, $kind];
    }
    try {
        $c->$protocol($sql, $values);
        $c->$protocol($sql, $nulls);
        $rows = $c->$protocol('SELECT * FROM types WHERE id IN (?, ?) ORDER BY id', [[$id, 'i'], [$id + 1, 'i']]);
    } catch (SqlError $e) {
        fail($check, $e->getMessage());
    }
    if (count($rows) !== 2) fail($check, 'expected 2 rows, got ' . count($rows));
    expect_same($check, 'id', $id, $rows[0]['id']);
    foreach ($TYPES as $column => [, , $expected]) {
        $actual = $rows[0][$column];
        if ($column === 'j') $actual = is_string($actual) ? json_decode($actual, true) : $actual;
        expect_same($check, "column $column", $expected, $actual);
        expect_same($check, "column $column of the NULL row", null, $rows[1][$column]);
    }
    ok($check);
}

/** Row $id of `bytes`: the 256 bytes into VARBINARY(300) and BLOB, the 1 MiB into LONGBLOB. */
function bytes_check(Connection $c, string $check, string $protocol, int $id): void
{
    global $ALL_BYTES, $MIB;
    try {
        $c->$protocol('INSERT INTO bytes (id, vb, b, lb) VALUES (?, ?, ?, ?)',
            [[$id, 'i'], [$ALL_BYTES, 'b'], [$ALL_BYTES, 'b'], [$MIB, 'b']]);
        $rows = $c->$protocol('SELECT vb, b, lb FROM bytes WHERE id = ?', [[$id, 'i']]);
    } catch (SqlError $e) {
        fail($check, $e->getMessage());
    }
    verify_bytes_row($check, $rows, "row $id");
    ok($check);
}

function verify_bytes_row(string $check, ?array $rows, string $what): void
{
    global $ALL_BYTES, $MIB;
    if (!$rows || count($rows) !== 1) fail($check, "$what: expected 1 row, got " . count($rows ?? []));
    expect_bytes($check, "$what VARBINARY(300)", $ALL_BYTES, $rows[0]['vb']);
    expect_bytes($check, "$what BLOB", $ALL_BYTES, $rows[0]['b']);
    expect_bytes($check, "$what LONGBLOB", $MIB, $rows[0]['lb']);
}

function transactions_check(Connection $c, string $check): void
{
    try {
        $c->text('BEGIN');
        $c->text('INSERT INTO txn (id, v) VALUES (1, ?)', [['rolled back', 's']]);
        $c->text('ROLLBACK');
        expect_same($check, 'rows after BEGIN, INSERT, ROLLBACK', [], $c->text('SELECT id, v FROM txn'));

        $c->begin(); // the client's own API (mysqli begin_transaction / PDO beginTransaction)
        $c->binary('INSERT INTO txn (id, v) VALUES (?, ?)', [[2, 'i'], ['committed', 's']]);
        $c->commit();
        expect_same($check, 'rows after begin, INSERT, commit', [['id' => 2, 'v' => 'committed']], $c->text('SELECT id, v FROM txn'));
        expect_same($check, 'rows after begin, INSERT, commit (prepared)', [['id' => 2, 'v' => 'committed']], $c->binary('SELECT id, v FROM txn'));
    } catch (SqlError $e) {
        fail($check, $e->getMessage());
    }
    ok($check);
}

function errors_check(Connection $c, string $check): void
{
    $cases = [
        ['text', 'INSERT INTO txn (id, v) VALUES (2, ?)', [['again', 's']], 1062, '23000'],
        ['binary', 'INSERT INTO txn (id, v) VALUES (?, ?)', [[2, 'i'], ['again', 's']], 1062, '23000'],
        ['text', 'SELECT * FROM no_such_table', [], 1146, '42S02'],
        ['binary', 'SELECT * FROM no_such_table WHERE id = ?', [[1, 'i']], 1146, '42S02'],
        ['text', 'SELEC 1', [], 1064, '42000'],
        ['binary', 'SELECT * FROM txn WHERE', [], 1064, '42000'],
    ];
    foreach ($cases as [$protocol, $sql, $params, $errno, $sqlstate]) {
        try {
            $c->$protocol($sql, $params);
            fail($check, "$sql ($protocol): expected error $errno ($sqlstate), it succeeded");
        } catch (SqlError $e) {
            if ($e->errno !== $errno || $e->sqlstate !== $sqlstate) {
                fail($check, "$sql ($protocol): expected $errno ($sqlstate), got " . $e->getMessage());
            }
        }
        try {
            $one = $c->$protocol('SELECT 1 AS one')[0]['one'];
        } catch (SqlError $e) {
            fail($check, "SELECT 1 after the error of $sql ($protocol): " . $e->getMessage());
        }
        expect_same($check, "SELECT 1 after the error of $sql ($protocol)", 1, $one);
    }
    ok($check);
}

function snapshot_check(Connection $c, string $check): void
{
    try {
        $c->text("INSERT INTO snap (id, v) VALUES (1, 'old')");
        $c->text('BEGIN');
        $tso = $c->text('SELECT TIDB_CURRENT_TSO() AS tso')[0]['tso'];
        $c->text('COMMIT');
        if (!is_tso($tso)) fail($check, 'TIDB_CURRENT_TSO(): expected a TSO, got ' . show($tso));
        $c->text("UPDATE snap SET v = 'new' WHERE id = 1");
        $c->text("SET @@tidb_snapshot = '$tso'");
        expect_same($check, "v with tidb_snapshot = $tso", 'old', $c->text('SELECT v FROM snap WHERE id = 1')[0]['v'] ?? null);
        expect_same($check, "v with tidb_snapshot = $tso (prepared)", 'old', $c->binary('SELECT v FROM snap WHERE id = ?', [[1, 'i']])[0]['v'] ?? null);
        $c->text("SET @@tidb_snapshot = ''");
        expect_same($check, "v after tidb_snapshot = ''", 'new', $c->text('SELECT v FROM snap WHERE id = 1')[0]['v'] ?? null);
    } catch (SqlError $e) {
        fail($check, $e->getMessage());
    }
    ok($check);
}

function backup_restore_check(Connection $c, string $check, string $db, string $url, array $byteRows): void
{
    try {
        $rows = $c->text("BACKUP DATABASE `$db` TO '$url'");
        if (!$rows || count($rows) !== 1) fail($check, 'BACKUP: expected one row, got ' . show($rows));
        expect_same($check, 'BACKUP columns', ['Destination', 'Size', 'BackupTS', 'Queue Time', 'Execution Time'], array_keys($rows[0]));
        if (!is_tso($rows[0]['BackupTS'])) fail($check, 'BACKUP BackupTS: expected a TSO, got ' . show($rows[0]['BackupTS']));
        $c->text("DROP DATABASE `$db`");
        $c->text("RESTORE DATABASE `$db` FROM '$url'");
        $c->text("USE `$db`");
        foreach ($byteRows as $id) {
            verify_bytes_row($check, $c->text('SELECT vb, b, lb FROM bytes WHERE id = ?', [[$id, 'i']]), "row $id after RESTORE");
        }
    } catch (SqlError $e) {
        fail($check, $e->getMessage());
    }
    ok($check);
}

// ---------------------------------------------------------------------------------------------

/** Runs one check under its name (the name an unexpected exception's FAIL line carries). */
function check(string $name, bool $run, string $why, callable $body): void
{
    global $CURRENT;
    $CURRENT = $name;
    $run ? $body($name) : skip($name, $why);
}

$c = connect_check('connect', $TIDB);
try {
    $c->text("DROP DATABASE IF EXISTS `$DB`");
    $c->text("CREATE DATABASE `$DB` CHARACTER SET utf8mb4");
    $c->text("USE `$DB`");
    $c->text($TYPES_DDL);
    $c->text('CREATE TABLE bytes (id INT PRIMARY KEY, vb VARBINARY(300), b BLOB, lb LONGBLOB)');
    $c->text('CREATE TABLE txn (id INT PRIMARY KEY, v VARCHAR(20))');
    $c->text('CREATE TABLE snap (id INT PRIMARY KEY, v VARCHAR(20))');
} catch (SqlError $e) {
    fail('connect', 'setting up the database: ' . $e->getMessage());
}

$byteRows = [1, 2];
check('dr-statements', $TIDB, 'TiDB only', fn($name) => dr_statements($c, $name));
check('types-text', true, '', fn($name) => types_check($c, $name, 'text', 1));
check('types-binary', true, '', fn($name) => types_check($c, $name, 'binary', 3));
check('bytes-text', true, '', fn($name) => bytes_check($c, $name, 'text', 1));
check('bytes-binary', true, '', fn($name) => bytes_check($c, $name, 'binary', 2));
check('bytes-long-data', $c instanceof MysqliConnection,
    'pdo_mysql has no send_long_data (PARAM_LOB streams are read into one string)',
    function ($name) use ($c, $ALL_BYTES, $MIB, &$byteRows) {
        try {
            $c->longData('INSERT INTO bytes (id, vb, b, lb) VALUES (?, ?, ?, ?)',
                [[3, 'i'], [$ALL_BYTES, 'b'], [$ALL_BYTES, 'b'], [$MIB, 'b']]);
            verify_bytes_row($name, $c->binary('SELECT vb, b, lb FROM bytes WHERE id = ?', [[3, 'i']]), 'row 3');
        } catch (SqlError $e) {
            fail($name, $e->getMessage());
        }
        ok($name);
        $byteRows[] = 3;
    });
check('transactions', true, '', fn($name) => transactions_check($c, $name));
check('errors', true, '', fn($name) => errors_check($c, $name));
check('snapshot-read', $TIDB, 'TiDB only', fn($name) => snapshot_check($c, $name));
check('backup-restore', $TIDB, 'TiDB only', fn($name) => backup_restore_check($c, $name, $DB, $BACKUP_URL, $byteRows));

$CURRENT = 'cleanup';
try {
    $c->text("DROP DATABASE `$DB`");
} catch (SqlError $e) {
    fail('cleanup', 'DROP DATABASE: ' . $e->getMessage());
}
exit(0);
