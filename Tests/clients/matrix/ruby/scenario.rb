# The client matrix scenario (../README.md) through Ruby's mysql2 (Debian's ruby-mysql2 0.5.3):
# text protocol with client.escape and client.query, binary protocol with
# client.prepare(...).execute(...). Byte strings are ASCII-8BIT. Extra check `bigdecimal`.
# Prints `ok <check>` / `skip <check>: why`; the first failure prints `FAIL <check>: ...`, exits 1.
require 'bigdecimal'
require 'date'
require 'json'
require 'mysql2'

$stdout.sync = true

HOST = ENV['MATRIX_HOST'] || '127.0.0.1'
PORT = (ENV['MATRIX_PORT'] || '4000').to_i
USER = ENV['MATRIX_USER'] || 'root'
PASSWORD = ENV['MATRIX_PASSWORD'] || ''
DB = ENV['MATRIX_DATABASE'] || 'matrix_ruby_mysql2'
BACKUP_URL = ENV['MATRIX_BACKUP_URL'] || ''
TIDB = (ENV['MATRIX_FLAVOR'] || 'tidb') == 'tidb'

# ---------------------------------------------------------------------------------------------
# Output helpers

class CheckFailed < StandardError; end

def ok(check) = puts("ok #{check}")
def skip(check, why) = puts("skip #{check}: #{why}")

def fail!(check, message)
  puts "FAIL #{check}: #{message}"
  exit 1
end

# A short, unambiguous rendering: class and value; binary strings in hex with their encoding.
def show(value)
  case value
  when String
    text = value.bytesize > 48 ? value.byteslice(0, 48) : value
    more = value.bytesize > 48 ? "...(#{value.bytesize} bytes)" : ''
    if text.dup.force_encoding(Encoding::UTF_8).valid_encoding? && text.b !~ /[\x00-\x1f\x7f]/n
      "#{value.encoding} #{text.dup.force_encoding(Encoding::UTF_8).inspect}#{more}"
    else
      "#{value.encoding} x'#{text.unpack1('H*')}'#{more}"
    end
  when BigDecimal then "BigDecimal #{value.to_s('F')}"
  when Time then "Time #{value.strftime('%F %T.%6N %z')}"
  else "#{value.class} #{value.inspect}"
  end
end

def expect_equal(check, what, expected, actual)
  same = expected.class == actual.class && expected == actual
  fail!(check, "#{what}: expected #{show(expected)}, got #{show(actual)}") unless same
end

# Byte strings: ASCII-8BIT (the column's charset is binary, 63), then length, then the bytes.
def expect_bytes(check, what, expected, actual)
  fail!(check, "#{what}: expected #{expected.bytesize} bytes, got #{show(actual)}") unless actual.is_a?(String)
  unless actual.bytesize == expected.bytesize
    fail!(check, "#{what}: expected #{expected.bytesize} bytes, got #{actual.bytesize}: #{show(actual)}")
  end
  if actual.b != expected.b
    n = (0...expected.bytesize).find { |i| actual.getbyte(i) != expected.getbyte(i) }
    fail!(check, "#{what}: byte #{n} differs: expected #{expected.byteslice(n, 8).unpack1('H*')}..., " \
                 "got #{actual.byteslice(n, 8).unpack1('H*')}...")
  end
  return if actual.encoding == Encoding::ASCII_8BIT

  fail!(check, "#{what}: the bytes are right but the string is #{actual.encoding}, not ASCII-8BIT " \
               '(mysql2 gives ASCII-8BIT only for charset 63: the column definition carries another charset)')
end

# A TSO: an Integer whose physical part (the bits above the 18 logical ones) is the Unix time in
# milliseconds, here within ten minutes of this machine's clock. (Current TSOs are about 4.7e17,
# between 2^58 and 2^59: the README's "> 2^60" cannot hold before the 2030s, so it is not tested.)
def tso?(value) = value.is_a?(Integer) && ((value >> 18) - (Time.now.to_r * 1000).to_i).abs < 600_000

# ---------------------------------------------------------------------------------------------
# The connection. `text` puts the parameters into the SQL as literals (strings through
# client.escape), `binary` prepares and executes with them. Both return [rows, column names];
# rows are hashes, nil for a statement without a result set. Errors are Mysql2::Error.

$client = nil

def literal(value)
  case value
  when nil then 'NULL'
  when Integer, Float then value.to_s
  when BigDecimal then "'#{$client.escape(value.to_s)}'"
  when Time then "'#{value.strftime('%F %T.%6N')}'"
  when Date then "'#{value.strftime('%F')}'"
  else "'#{$client.escape(value)}'"
  end
end

def text(sql, *params, **options)
  parts = sql.split('?', -1)
  raise ArgumentError, "placeholders in #{sql}" unless parts.size == params.size + 1

  statement = parts.shift.dup
  params.each { |value| statement << literal(value) << parts.shift }
  result = $client.query(statement, **options)
  result ? [result.to_a, result.fields] : [nil, nil]
end

def binary(sql, *params, **options)
  statement = $client.prepare(sql)
  result = statement.execute(*params, **options)
  rows = result ? [result.to_a, result.fields] : [nil, nil]
  statement.close
  rows
end

def run(protocol, sql, *params, **options) = send(protocol, sql, *params, **options)

# Runs the block; a Mysql2::Error becomes the check's FAIL line.
def guarded(check)
  yield
rescue Mysql2::Error => e
  fail!(check, "#{e.error_number} (#{e.sql_state}) #{e.message}")
end

# ---------------------------------------------------------------------------------------------
# Test data

ALL_BYTES = (0..255).to_a.pack('C*') # ASCII-8BIT
# 1 MiB from a seeded LCG (glibc's constants, byte = bits 16..23).
MIB = begin
  x = 20_240_229
  Array.new(1_048_576) do
    x = (x * 1_103_515_245 + 12_345) & 0x7fffffff
    (x >> 16) & 0xff
  end.pack('C*')
end

TYPES_DDL = <<~SQL.freeze
  CREATE TABLE types (id INT PRIMARY KEY, i INT, ti TINYINT, si SMALLINT, mi MEDIUMINT,
    bi BIGINT, ubi BIGINT UNSIGNED, d DECIMAL(20,6), f FLOAT, db DOUBLE, c CHAR(10), vc VARCHAR(50),
    tx TEXT, bn BINARY(4), vb VARBINARY(20), bl BLOB, dt DATE, dtm DATETIME(6), ts TIMESTAMP NULL,
    tm TIME, y YEAR, j JSON)
SQL
JSON_VALUE = { 'a' => [1, 2.5, 'añ中😀', nil, true], 'b' => { 'c' => 'd' } }.freeze
# column => [value to insert, value read back as mysql2's natural type (casting on)]
TYPES = {
  'i' => [-2_147_483_648, -2_147_483_648],
  'ti' => [-128, -128],
  'si' => [32_767, 32_767],
  'mi' => [-8_388_608, -8_388_608],
  'bi' => [-9_223_372_036_854_775_808, -9_223_372_036_854_775_808],
  'ubi' => [18_446_744_073_709_551_615, 18_446_744_073_709_551_615],
  # A string: a BigDecimal parameter goes as "0.1234...e14" text, the `bigdecimal` check's business.
  'd' => ['-12345678901234.567891', BigDecimal('-12345678901234.567891')],
  'f' => [-2.5, -2.5],
  'db' => [6.02214076e23, 6.02214076e23],
  'c' => ['abc', 'abc'],
  'vc' => ['añ中😀', 'añ中😀'],
  'tx' => ["text with a 'quote', a \\ backslash and añ中😀", "text with a 'quote', a \\ backslash and añ中😀"],
  # Binary values stay in bytes the known UTF-8 handling cannot touch; all 256 are the bytes-* checks' job.
  'bn' => ["\x00a\x7fZ".b, "\x00a\x7fZ".b],
  'vb' => ["\x00\x01bin\x7f".b, "\x00\x01bin\x7f".b],
  'bl' => ["blob\x00中\n".b, "blob\x00中\n".b],
  'dt' => [Date.new(2024, 2, 29), Date.new(2024, 2, 29)],
  'dtm' => [Time.local(2024, 2, 29, 23, 59, 58, 123_456), Time.local(2024, 2, 29, 23, 59, 58, 123_456)],
  'ts' => [Time.local(2024, 3, 1, 12, 34, 56), Time.local(2024, 3, 1, 12, 34, 56)],
  # mysql2 casts TIME to a Time on 2000-01-01 (so no negative or > 24 h values here).
  'tm' => ['13:14:15', Time.local(2000, 1, 1, 13, 14, 15)],
  'y' => [2024, 2024],
  'j' => [JSON.generate(JSON_VALUE), JSON_VALUE]
}.freeze

# ---------------------------------------------------------------------------------------------
# The checks

def connect_check(check)
  $client = Mysql2::Client.new(host: HOST, port: PORT, username: USER, password: PASSWORD, encoding: 'utf8mb4')
  version = text('SELECT VERSION() AS v')[0][0]['v']
  fail!(check, "VERSION() is #{show(version)}") unless version.is_a?(String) && (!TIDB || version.include?('TiDB'))
  ok(check)
rescue Mysql2::Error => e
  fail!(check, "#{e.error_number} (#{e.sql_state}) #{e.message}")
end

def dr_statements(check)
  guarded(check) do
    text('SET GLOBAL tidb_gc_enable = OFF')
    expect_equal(check, 'SELECT @@global.tidb_gc_enable after OFF', 0, text('SELECT @@global.tidb_gc_enable AS gc')[0][0]['gc'])

    text('BEGIN')
    tso = text('SELECT TIDB_CURRENT_TSO() AS tso')[0][0]['tso']
    text('ROLLBACK')
    fail!(check, "TIDB_CURRENT_TSO() in a transaction: expected a TSO, got #{show(tso)}") unless tso?(tso)
    text('BEGIN')
    tso2 = binary('SELECT TIDB_CURRENT_TSO() AS tso')[0][0]['tso']
    text('ROLLBACK')
    fail!(check, "TIDB_CURRENT_TSO() (prepared, after #{tso}): expected a later TSO, got #{show(tso2)}") unless tso?(tso2) && tso2 > tso

    %i[text binary].each do |protocol|
      rows, names = run(protocol, 'SHOW MASTER STATUS')
      fail!(check, "SHOW MASTER STATUS (#{protocol}): expected 1 row, got #{rows&.size.inspect}") unless rows&.size == 1
      expect_equal(check, "SHOW MASTER STATUS (#{protocol}) columns",
                   %w[File Position Binlog_Do_DB Binlog_Ignore_DB Executed_Gtid_Set], names)
      position = rows[0]['Position']
      unless tso?(position) && position > tso2
        fail!(check, "SHOW MASTER STATUS (#{protocol}) Position: expected a TSO after #{tso2}, got #{show(position)}")
      end
    end

    text('SET GLOBAL tidb_gc_enable = ON')
    expect_equal(check, 'SELECT @@global.tidb_gc_enable after ON', 1, text('SELECT @@global.tidb_gc_enable AS gc')[0][0]['gc'])
  end
  ok(check)
end

def types_check(check, protocol, id)
  columns = TYPES.keys
  sql = "INSERT INTO types (id, #{columns.join(', ')}) VALUES (#{(['?'] * (columns.size + 1)).join(', ')})"
  rows = nil
  guarded(check) do
    run(protocol, sql, id, *TYPES.values.map(&:first))
    run(protocol, sql, id + 1, *([nil] * columns.size))
    rows, = run(protocol, 'SELECT * FROM types WHERE id IN (?, ?) ORDER BY id', id, id + 1)
  end
  fail!(check, "expected 2 rows, got #{rows&.size.inspect}") unless rows&.size == 2
  expect_equal(check, 'id', id, rows[0]['id'])
  TYPES.each do |column, (_, expected)|
    actual = rows[0][column]
    if column == 'j'
      # JSON comes with charset binary (63) from MySQL 8 and TiDB: mysql2 gives ASCII-8BIT.
      actual = JSON.parse(actual.dup.force_encoding(Encoding::UTF_8)) if actual.is_a?(String)
      expect_equal(check, 'column j (parsed)', expected, actual)
    elsif expected.is_a?(String) && expected.encoding == Encoding::ASCII_8BIT
      expect_bytes(check, "column #{column}", expected, actual)
    else
      expect_equal(check, "column #{column}", expected, actual)
      expect_equal(check, "column #{column} encoding", expected.encoding, actual.encoding) if expected.is_a?(String)
    end
    expect_equal(check, "column #{column} of the NULL row", nil, rows[1][column])
  end
  ok(check)
end

def verify_bytes_row(check, rows, what)
  fail!(check, "#{what}: expected 1 row, got #{rows&.size.inspect}") unless rows&.size == 1
  expect_bytes(check, "#{what} VARBINARY(300)", ALL_BYTES, rows[0]['vb'])
  expect_bytes(check, "#{what} BLOB", ALL_BYTES, rows[0]['b'])
  expect_bytes(check, "#{what} LONGBLOB", MIB, rows[0]['lb'])
end

# Row id of `bytes`: the 256 bytes into VARBINARY(300) and BLOB, the 1 MiB into LONGBLOB.
def bytes_check(check, protocol, id)
  rows = nil
  guarded(check) do
    run(protocol, 'INSERT INTO bytes (id, vb, b, lb) VALUES (?, ?, ?, ?)', id, ALL_BYTES, ALL_BYTES, MIB)
    rows, = run(protocol, 'SELECT vb, b, lb FROM bytes WHERE id = ?', id)
  end
  verify_bytes_row(check, rows, "row #{id}")
  ok(check)
end

def transactions_check(check)
  guarded(check) do
    text('BEGIN')
    text('INSERT INTO txn (id, v) VALUES (1, ?)', 'rolled back')
    text('ROLLBACK')
    expect_equal(check, 'rows after BEGIN, INSERT, ROLLBACK', [], text('SELECT id, v FROM txn')[0])

    text('START TRANSACTION')
    binary('INSERT INTO txn (id, v) VALUES (?, ?)', 2, 'committed')
    text('COMMIT')
    %i[text binary].each do |protocol|
      expect_equal(check, "rows after START TRANSACTION, INSERT, COMMIT (#{protocol})",
                   [{ 'id' => 2, 'v' => 'committed' }], run(protocol, 'SELECT id, v FROM txn')[0])
    end
  end
  ok(check)
end

def errors_check(check)
  [
    [:text, 'INSERT INTO txn (id, v) VALUES (2, ?)', ['again'], 1062, '23000'],
    [:binary, 'INSERT INTO txn (id, v) VALUES (?, ?)', [2, 'again'], 1062, '23000'],
    [:text, 'SELECT * FROM no_such_table', [], 1146, '42S02'],
    [:binary, 'SELECT * FROM no_such_table WHERE id = ?', [1], 1146, '42S02'],
    [:text, 'SELEC 1', [], 1064, '42000'],
    [:binary, 'SELECT * FROM txn WHERE', [], 1064, '42000']
  ].each do |protocol, sql, params, number, state|
    begin
      run(protocol, sql, *params)
      fail!(check, "#{sql} (#{protocol}): expected error #{number} (#{state}), it succeeded")
    rescue Mysql2::Error => e
      unless e.error_number == number && e.sql_state == state
        fail!(check, "#{sql} (#{protocol}): expected #{number} (#{state}), got #{e.error_number} (#{e.sql_state}) #{e.message}")
      end
    end
    one = nil
    guarded(check) { one = run(protocol, 'SELECT 1 AS one')[0][0]['one'] }
    expect_equal(check, "SELECT 1 after the error of #{sql} (#{protocol})", 1, one)
  end
  ok(check)
end

def snapshot_check(check)
  guarded(check) do
    text("INSERT INTO snap (id, v) VALUES (1, 'old')")
    text('BEGIN')
    tso = text('SELECT TIDB_CURRENT_TSO() AS tso')[0][0]['tso']
    text('COMMIT')
    fail!(check, "TIDB_CURRENT_TSO(): expected a TSO, got #{show(tso)}") unless tso?(tso)
    text("UPDATE snap SET v = 'new' WHERE id = 1")
    text("SET @@tidb_snapshot = '#{tso}'")
    expect_equal(check, "v with tidb_snapshot = #{tso}", 'old', text('SELECT v FROM snap WHERE id = 1')[0][0]&.fetch('v'))
    expect_equal(check, "v with tidb_snapshot = #{tso} (prepared)", 'old', binary('SELECT v FROM snap WHERE id = ?', 1)[0][0]&.fetch('v'))
    text("SET @@tidb_snapshot = ''")
    expect_equal(check, "v after tidb_snapshot = ''", 'new', text('SELECT v FROM snap WHERE id = 1')[0][0]&.fetch('v'))
  end
  ok(check)
end

def backup_restore_check(check, byte_rows)
  guarded(check) do
    rows, names = text("BACKUP DATABASE `#{DB}` TO '#{$client.escape(BACKUP_URL)}'")
    fail!(check, "BACKUP: expected one row, got #{rows&.size.inspect}") unless rows&.size == 1
    expect_equal(check, 'BACKUP columns', ['Destination', 'Size', 'BackupTS', 'Queue Time', 'Execution Time'], names)
    fail!(check, "BACKUP BackupTS: expected a TSO, got #{show(rows[0]['BackupTS'])}") unless tso?(rows[0]['BackupTS'])
    text("DROP DATABASE `#{DB}`")
    text("RESTORE DATABASE `#{DB}` FROM '#{$client.escape(BACKUP_URL)}'")
    text("USE `#{DB}`")
    byte_rows.each { |id| verify_bytes_row(check, text('SELECT vb, b, lb FROM bytes WHERE id = ?', id)[0], "row #{id} after RESTORE") }
  end
  ok(check)
end

# mysql2 sends a BigDecimal parameter as NEWDECIMAL text in BigDecimal#to_s form ("0.15e4"); the
# same text interpolated as a string literal, and BigDecimal#to_s unquoted (a float literal).
def bigdecimal_check(check)
  values = [BigDecimal('1500.25'), BigDecimal('1.5e3')]
  expected = [['1500.25', BigDecimal('1500.25')], ['1500.00', BigDecimal('1500')]]
  guarded(check) do
    text('CREATE TABLE dec_t (id INT PRIMARY KEY, d DECIMAL(10,2))')
    values.each_with_index do |value, i|
      binary('INSERT INTO dec_t (id, d) VALUES (?, ?)', 1 + i, value)
      text('INSERT INTO dec_t (id, d) VALUES (?, ?)', 3 + i, value) # literal: '0.15e4'
      text("INSERT INTO dec_t (id, d) VALUES (#{5 + i}, #{value})")  # unquoted 0.15e4
    end
    [1, 3, 5].each do |first|
      how = { 1 => 'prepared', 3 => "text '#{values[1]}'", 5 => "text #{values[1]} unquoted" }[first]
      expected.each_with_index do |(string, decimal), i|
        id = first + i
        raw = text('SELECT d FROM dec_t WHERE id = ?', id, cast: false)[0][0]&.fetch('d')
        expect_equal(check, "row #{id} (#{how} #{values[i]}) as text", string, raw)
        expect_equal(check, "row #{id} (#{how} #{values[i]}) as BigDecimal (text)", decimal, text('SELECT d FROM dec_t WHERE id = ?', id)[0][0]&.fetch('d'))
        expect_equal(check, "row #{id} (#{how} #{values[i]}) as BigDecimal (prepared)", decimal, binary('SELECT d FROM dec_t WHERE id = ?', id)[0][0]&.fetch('d'))
      end
    end
  end
  ok(check)
end

# ---------------------------------------------------------------------------------------------

$current = 'connect'

def check(name, run = true, why = nil)
  $current = name
  run ? yield(name) : skip(name, why)
end

begin
  connect_check('connect')
  guarded('connect') do
    text("DROP DATABASE IF EXISTS `#{DB}`")
    text("CREATE DATABASE `#{DB}` CHARACTER SET utf8mb4")
    text("USE `#{DB}`")
    text(TYPES_DDL)
    text('CREATE TABLE bytes (id INT PRIMARY KEY, vb VARBINARY(300), b BLOB, lb LONGBLOB)')
    text('CREATE TABLE txn (id INT PRIMARY KEY, v VARCHAR(20))')
    text('CREATE TABLE snap (id INT PRIMARY KEY, v VARCHAR(20))')
  end

  check('dr-statements', TIDB, 'TiDB only') { |name| dr_statements(name) }
  check('types-text') { |name| types_check(name, :text, 1) }
  check('types-binary') { |name| types_check(name, :binary, 3) }
  check('bytes-text') { |name| bytes_check(name, :text, 1) }
  check('bytes-binary') { |name| bytes_check(name, :binary, 2) }
  check('bytes-long-data', false, 'mysql2 cannot send long data (no COM_STMT_SEND_LONG_DATA API)')
  check('transactions') { |name| transactions_check(name) }
  check('errors') { |name| errors_check(name) }
  check('snapshot-read', TIDB, 'TiDB only') { |name| snapshot_check(name) }
  check('backup-restore', TIDB, 'TiDB only') { |name| backup_restore_check(name, [1, 2]) }
  check('bigdecimal') { |name| bigdecimal_check(name) }

  $current = 'cleanup'
  guarded('cleanup') { text("DROP DATABASE `#{DB}`") }
  $client.close
rescue StandardError => e
  fail!($current, "unexpected #{e.class}: #{e.message} (#{e.backtrace&.first})")
end
exit 0
