'use strict';
// The client-matrix scenario (../README.md) through mysqljs/mysql 2.18 (Debian's node-mysql).
//
// mysqljs has only the text protocol: it escapes the `?` values itself (Buffers as X'..' hex
// literals) and sends COM_QUERY. So types-binary, bytes-binary and bytes-long-data are skipped.
// BIGINT, BIGINT UNSIGNED, DECIMAL and TSO values are read as strings (supportBigNumbers +
// bigNumberStrings) so nothing loses precision; binary columns come back as Buffers.

const mysql = require('mysql');

const env = process.env;
const FLAVOR = env.MATRIX_FLAVOR;
const TIDB = FLAVOR === 'tidb';
const DATABASE = env.MATRIX_DATABASE;
const TWO_TO_58 = 2n ** 58n;

// ---- output ----

class CheckFailed extends Error {}

function fail(message) {
  throw new CheckFailed(message);
}

function expect(condition, message) {
  if (!condition) fail(typeof message === 'function' ? message() : message);
}

/** Runs one check: `ok <name>`, or `FAIL <name>: ...` and exit status 1. */
async function run(name, check) {
  try {
    await check();
  } catch (e) {
    const why = e instanceof CheckFailed ? e.message : (e && e.stack) || String(e);
    process.stdout.write(`FAIL ${name}: ${why}\n`);
    process.exit(1);
  }
  process.stdout.write(`ok ${name}\n`);
}

function skip(name, why) {
  process.stdout.write(`skip ${name}: ${why}\n`);
}

/** Runs a check only against TiDB; for MariaDB prints `skip <name>: ...`. */
async function tidbOnly(name, check) {
  if (!TIDB) return skip(name, `TiDB only (MATRIX_FLAVOR=${FLAVOR})`);
  return run(name, check);
}

function show(value) {
  if (Buffer.isBuffer(value)) return `Buffer ${value.toString('hex')}`;
  if (value instanceof Date) return `Date ${isNaN(value) ? 'Invalid' : value.toISOString()}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

// ---- connection ----

function connect() {
  const connection = mysql.createConnection({
    host: env.MATRIX_HOST,
    port: Number(env.MATRIX_PORT),
    user: env.MATRIX_USER,
    password: env.MATRIX_PASSWORD || '',
    charset: 'UTF8MB4_GENERAL_CI', // the default, UTF8_GENERAL_CI, cannot carry 😀
    timezone: 'Z', // DATE/DATETIME/TIMESTAMP are written and read as UTC
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: 10000,
  });
  return new Promise((resolve, reject) => {
    connection.connect((err) => (err ? reject(err) : resolve(connection)));
  });
}

/** Runs a query; resolves {rows, fields}, rejects with the mysqljs error. */
function query(connection, sql, values, options = {}) {
  return new Promise((resolve, reject) => {
    connection.query({ sql, values, timeout: 120000, ...options }, (err, rows, fields) =>
      err ? reject(err) : resolve({ rows, fields }));
  });
}

/** Like query, but a failure is a check failure naming the statement. */
async function must(connection, sql, values, options) {
  try {
    return await query(connection, sql, values, options);
  } catch (e) {
    fail(`${sql.slice(0, 200)}: ${e.code} ${e.errno} (${e.sqlState}) ${e.sqlMessage || e.message}`);
  }
}

/** The first column of the single row of a query. */
async function scalar(connection, sql, values) {
  const { rows } = await must(connection, sql, values);
  expect(rows.length === 1, `${sql} returned ${rows.length} rows, expected 1`);
  return Object.values(rows[0])[0];
}

const table = (name) => `\`${DATABASE}\`.\`${name}\``;

/** A BIGINT read with bigNumberStrings: a decimal string, as a BigInt. */
function bigint(value, what) {
  expect(typeof value === 'string' && /^-?\d+$/.test(value),
    () => `${what} = ${show(value)}, expected an integer as a string (BIGINT with bigNumberStrings)`);
  return BigInt(value);
}

// ---- checks ----

async function checkConnect(c) {
  const version = await scalar(c, 'SELECT VERSION()');
  expect(!TIDB || String(version).includes('TiDB'), `SELECT VERSION() = ${version}, expected it to contain TiDB`);
  await must(c, `DROP DATABASE IF EXISTS \`${DATABASE}\``);
  await must(c, `CREATE DATABASE \`${DATABASE}\` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
}

/**
 * Wants a TSO of now: physical milliseconds (tso >> 18) within a day of this clock. (The README's
 * "> 2^60" cannot hold: a TSO of 2026 is about 4.7e17 < 2^60 ≈ 1.15e18; it is above 2^58.)
 */
function checkTSO(what, tso) {
  const physical = Number(tso >> 18n);
  const now = Date.now();
  expect(tso > TWO_TO_58 && Math.abs(physical - now) <= 24 * 3600 * 1000,
    () => `${what} = ${tso} (physical time ${new Date(physical).toISOString()}), expected a TSO of now `
      + `(> 2^58, physical part within a day of ${new Date(now).toISOString()})`);
}

/** BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK, checked as a TSO of now. */
async function currentTSO(c) {
  await must(c, 'BEGIN');
  const tso = bigint(await scalar(c, 'SELECT TIDB_CURRENT_TSO()'), 'TIDB_CURRENT_TSO()');
  await must(c, 'ROLLBACK');
  checkTSO('TIDB_CURRENT_TSO()', tso);
  return tso;
}

async function checkDRStatements(c) {
  await must(c, 'SET GLOBAL tidb_gc_enable = OFF');
  let gc = await scalar(c, 'SELECT @@global.tidb_gc_enable');
  expect(gc === 0, () => `SELECT @@global.tidb_gc_enable after OFF = ${show(gc)}, expected number 0`);
  await currentTSO(c);

  const { rows, fields } = await must(c, 'SHOW MASTER STATUS');
  const columns = fields.map((f) => f.name);
  const want = ['File', 'Position', 'Binlog_Do_DB', 'Binlog_Ignore_DB', 'Executed_Gtid_Set'];
  expect(JSON.stringify(columns) === JSON.stringify(want), `SHOW MASTER STATUS columns ${columns}, expected ${want}`);
  expect(rows.length === 1, `SHOW MASTER STATUS returned ${rows.length} rows, expected 1`);
  const row = rows[0];
  const position = bigint(row.Position, 'SHOW MASTER STATUS Position');
  expect(position > 0n, `SHOW MASTER STATUS Position = ${position}, expected > 0`);
  expect(row.File === 'tidb-binlog' && row.Binlog_Do_DB === '' && row.Binlog_Ignore_DB === '' && row.Executed_Gtid_Set === '',
    () => `SHOW MASTER STATUS row ${JSON.stringify(row)}, expected File tidb-binlog and empty strings`);

  await must(c, 'SET GLOBAL tidb_gc_enable = ON');
  gc = await scalar(c, 'SELECT @@global.tidb_gc_enable');
  expect(gc === 1, () => `SELECT @@global.tidb_gc_enable after ON = ${show(gc)}, expected number 1`);
}

// ---- types ----

// MySQL wire column types (mysqljs/lib/protocol/constants/types.js) and flags.
const T = { TINY: 1, SHORT: 2, LONG: 3, FLOAT: 4, DOUBLE: 5, TIMESTAMP: 7, LONGLONG: 8, INT24: 9, DATE: 10, TIME: 11,
  DATETIME: 12, YEAR: 13, JSON: 245, NEWDECIMAL: 246, BLOB: 252, VAR_STRING: 253, STRING: 254 };
const UNSIGNED_FLAG = 32; // checked on integer columns only (MariaDB sets it on TIMESTAMP too)
const INTEGER_TYPES = [T.TINY, T.SHORT, T.INT24, T.LONG, T.LONGLONG];
const BINARY_CHARSET = 63;

const TEXT = 'quote \' dquote " backslash \\ percent % newline \n tab \t ñ 中 😀';
// TiDB prints JSON in this canonical form (sorted keys, ", " and ": "); MariaDB keeps the text.
const JSON_TEXT = '{"a": [1, 2.5, "x"], "b": null, "c": "ñ"}';

// One column of the types table: the value inserted, the value expected back (default: the
// same), the wire type (TiDB's, then MariaDB's when they differ), and whether it is binary.
// Binary values stay below 0x80 here; the full byte range is the bytes-* checks' job.
const COLUMNS = [
  { name: 'c_int', sql: 'INT', value: -2147483648, type: T.LONG },
  { name: 'c_tinyint', sql: 'TINYINT', value: -128, type: T.TINY },
  { name: 'c_smallint', sql: 'SMALLINT', value: 32767, type: T.SHORT },
  { name: 'c_mediumint', sql: 'MEDIUMINT', value: -8388608, type: T.INT24 },
  { name: 'c_bigint', sql: 'BIGINT', value: '-9223372036854775808', type: T.LONGLONG },
  { name: 'c_ubigint', sql: 'BIGINT UNSIGNED', value: '18446744073709551615', type: T.LONGLONG, unsigned: true },
  { name: 'c_decimal', sql: 'DECIMAL(20,6)', value: '-12345678901234.567891', type: T.NEWDECIMAL, decimals: 6 },
  { name: 'c_float', sql: 'FLOAT', value: 3.14, type: T.FLOAT },
  { name: 'c_double', sql: 'DOUBLE', value: Math.E, type: T.DOUBLE },
  { name: 'c_char', sql: 'CHAR(10)', value: 'abc', type: T.STRING },
  { name: 'c_varchar', sql: 'VARCHAR(50)', value: 'añ中😀', type: T.VAR_STRING },
  { name: 'c_text', sql: 'TEXT', value: TEXT, type: T.BLOB },
  { name: 'c_binary', sql: 'BINARY(4)', value: Buffer.from([0x00, 0x27, 0x5c, 0x7f]), type: T.STRING, binary: true },
  { name: 'c_varbinary', sql: 'VARBINARY(20)', value: Buffer.from([0x00, 0x27, 0x22, 0x5c, 0x1a, 0x0a, 0x0d, 0x25, 0x5f, 0x7a]),
    type: T.VAR_STRING, binary: true },
  { name: 'c_blob', sql: 'BLOB', value: Buffer.from('blob\0with\0NULs'), type: T.BLOB, binary: true },
  { name: 'c_date', sql: 'DATE', value: new Date(Date.UTC(2024, 1, 29)), type: T.DATE },
  // A JS Date has milliseconds only: written as text, read as a Date (and as text, below).
  { name: 'c_datetime', sql: 'DATETIME(6)', value: '2024-02-29 13:14:15.123456', expected: new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 123)),
    type: T.DATETIME, decimals: 6 },
  { name: 'c_timestamp', sql: 'TIMESTAMP NULL', value: new Date(Date.UTC(2024, 2, 1, 1, 2, 3)), type: T.TIMESTAMP },
  { name: 'c_time', sql: 'TIME', value: '-123:45:06', type: T.TIME },
  { name: 'c_year', sql: 'YEAR', value: 2024, type: T.YEAR },
  // A TiDB JSON column has charset binary (63), still read as a string (type 245); MariaDB's JSON
  // is LONGTEXT (a BLOB type with a text charset).
  { name: 'c_json', sql: 'JSON', value: JSON_TEXT, type: T.JSON, mariadbType: T.BLOB, binary: TIDB },
];

function same(got, want) {
  if (Buffer.isBuffer(want)) return Buffer.isBuffer(got) && got.equals(want);
  if (want instanceof Date) return got instanceof Date && got.getTime() === want.getTime();
  return got === want;
}

async function checkTypes(c) {
  const name = 'types_text';
  const definitions = ['id INT NOT NULL PRIMARY KEY', ...COLUMNS.map((col) => `${col.name} ${col.sql}`)];
  await must(c, `CREATE TABLE ${table(name)} (${definitions.join(', ')})`);
  const names = ['id', ...COLUMNS.map((col) => col.name)];
  const insert = `INSERT INTO ${table(name)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
  await must(c, insert, [1, ...COLUMNS.map((col) => col.value)]);
  await must(c, insert, [2, ...COLUMNS.map(() => null)]);

  const { rows, fields } = await must(c, `SELECT ${names.join(', ')} FROM ${table(name)} ORDER BY id`);
  expect(rows.length === 2, `types table has ${rows.length} rows, expected 2`);
  // Every column is checked; the failure lists all the differences.
  const problems = [];
  const problem = (condition, message) => {
    if (!condition) problems.push(typeof message === 'function' ? message() : message);
  };
  for (const col of COLUMNS) {
    const field = fields.find((f) => f.name === col.name);
    const type = !TIDB && col.mariadbType !== undefined ? col.mariadbType : col.type;
    problem(field.type === type, `${col.name} ${col.sql}: wire type ${field.type}, expected ${type}`);
    problem(Boolean(field.flags & UNSIGNED_FLAG) === Boolean(col.unsigned) || !INTEGER_TYPES.includes(type),
      `${col.name} ${col.sql}: UNSIGNED flag ${Boolean(field.flags & UNSIGNED_FLAG)}, expected ${Boolean(col.unsigned)}`);
    problem((field.charsetNr === BINARY_CHARSET) === Boolean(col.binary) || ![T.STRING, T.VAR_STRING, T.BLOB, T.JSON].includes(type),
      `${col.name} ${col.sql}: charset ${field.charsetNr}, expected ${col.binary ? '' : 'not '}binary (63)`);
    if (col.decimals !== undefined) {
      problem(field.decimals === col.decimals, `${col.name} ${col.sql}: decimals ${field.decimals}, expected ${col.decimals}`);
    }
    const want = 'expected' in col ? col.expected : col.value;
    problem(same(rows[0][col.name], want), () => `${col.name} ${col.sql}: read back ${show(rows[0][col.name])}, expected ${show(want)}`);
    problem(rows[1][col.name] === null, () => `${col.name} ${col.sql}: NULL read back as ${show(rows[1][col.name])}`);
  }

  // DATETIME(6) once more as the text the server sent, microseconds included.
  const exact = await must(c, `SELECT c_datetime FROM ${table(name)} WHERE id = 1`, [],
    { typeCast: (field, next) => (field.type === 'DATETIME' ? field.string() : next()) });
  const text = exact.rows[0].c_datetime;
  problem(text === '2024-02-29 13:14:15.123456', `c_datetime DATETIME(6) as text: ${show(text)}, expected "2024-02-29 13:14:15.123456"`);
  expect(problems.length === 0, () => problems.join('; '));
}

// ---- bytes ----

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** 1 MiB from a seeded xorshift32 generator. */
const MEGABYTE = (() => {
  const bytes = Buffer.alloc(1 << 20);
  let state = 20240229;
  for (let i = 0; i < bytes.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[i] = state & 0xff;
  }
  return bytes;
})();

function sameBytes(what, got, want) {
  expect(Buffer.isBuffer(got), () => `${what}: read back ${show(got)}, expected a Buffer`);
  if (got.equals(want)) return;
  for (let i = 0; i < Math.min(got.length, want.length); i++) {
    expect(got[i] === want[i], () => `${what}: ${got.length} bytes read back, ${want.length} expected; first difference at offset ${i}: `
      + `got ${got.subarray(i, i + 8).toString('hex')}, expected ${want[i].toString(16).padStart(2, '0')}`);
  }
  fail(`${what}: ${got.length} bytes read back, ${want.length} expected (one is a prefix of the other)`);
}

async function readBytesRow(c, id) {
  const { rows } = await must(c, `SELECT vb, b, lb FROM ${table('bytes')} WHERE id = ?`, [id]);
  expect(rows.length === 1, `bytes row ${id}: ${rows.length} rows, expected 1`);
  sameBytes(`row ${id} VARBINARY(300)`, rows[0].vb, ALL_BYTES);
  sameBytes(`row ${id} BLOB`, rows[0].b, ALL_BYTES);
  sameBytes(`row ${id} LONGBLOB`, rows[0].lb, MEGABYTE);
}

async function checkBytes(c) {
  await must(c, `CREATE TABLE ${table('bytes')} (id INT PRIMARY KEY, vb VARBINARY(300), b BLOB, lb LONGBLOB)`);
  await must(c, `INSERT INTO ${table('bytes')} (id, vb, b, lb) VALUES (?, ?, ?, ?)`, [1, ALL_BYTES, ALL_BYTES, MEGABYTE]);
  await readBytesRow(c, 1);
}

// ---- transactions, errors ----

async function checkTransactions(c, observer) {
  await must(c, `CREATE TABLE ${table('tx')} (id INT PRIMARY KEY, v VARCHAR(10))`);
  const count = `SELECT COUNT(*) FROM ${table('tx')}`;
  for (const [end, want] of [['ROLLBACK', 0n], ['COMMIT', 1n]]) {
    await must(c, 'BEGIN');
    await must(c, `INSERT INTO ${table('tx')} VALUES (?, ?)`, [1, 'row']);
    const inside = bigint(await scalar(c, count), count);
    expect(inside === 1n, `inside the transaction ${count} = ${inside}, expected 1`);
    await must(c, end);
    for (const [who, connection] of [['same', c], ['other', observer]]) {
      const n = bigint(await scalar(connection, count), count);
      expect(n === want, `after BEGIN, INSERT, ${end}: ${count} on the ${who} connection = ${n}, expected ${want}`);
    }
  }
}

/** Wants the error number, SQLSTATE, mysqljs code and message text; then SELECT 1 still works. */
async function expectError(c, sql, values, errno, sqlState, code, message) {
  let error = null;
  try {
    await query(c, sql, values);
  } catch (e) {
    error = e;
  }
  expect(error !== null, `${sql}: succeeded, expected error ${errno} (${sqlState})`);
  expect(error.errno === errno && error.sqlState === sqlState && error.code === code,
    `${sql}: expected ${code} ${errno} (${sqlState}), got ${error.code} ${error.errno} (${error.sqlState}) ${error.sqlMessage || error.message}`);
  expect(String(error.sqlMessage).includes(message), `${sql}: error ${errno} message ${error.sqlMessage}, expected it to contain ${message}`);
  // TiDB types the literal as BIGINT (a string with bigNumberStrings), MariaDB as INT.
  const one = await scalar(c, 'SELECT 1');
  expect(String(one) === '1', `connection unusable after error ${errno}: SELECT 1 gave ${show(one)}`);
}

async function checkErrors(c) {
  const name = 'errors_text';
  await must(c, `CREATE TABLE ${table(name)} (id INT PRIMARY KEY)`);
  const insert = `INSERT INTO ${table(name)} (id) VALUES (?)`;
  await must(c, insert, [1]);
  // TiDB names the key `<table>.PRIMARY`, MariaDB `PRIMARY`.
  const key = TIDB ? `for key '${name}.PRIMARY'` : "for key 'PRIMARY'";
  await expectError(c, insert, [1], 1062, '23000', 'ER_DUP_ENTRY', `Duplicate entry '1' ${key}`);
  await expectError(c, `SELECT * FROM ${table('no_such_table')}`, [], 1146, '42S02', 'ER_NO_SUCH_TABLE',
    `Table '${DATABASE}.no_such_table' doesn't exist`);
  await expectError(c, `SELEC id FROM ${table(name)}`, [], 1064, '42000', 'ER_PARSE_ERROR',
    `You have an error in your SQL syntax; check the manual that corresponds to your ${TIDB ? 'TiDB version' : 'MariaDB server version'}`);
}

// ---- TiDB only ----

async function checkSnapshotRead(c) {
  await must(c, `CREATE TABLE ${table('snap')} (id INT PRIMARY KEY, v VARCHAR(10))`);
  await must(c, `INSERT INTO ${table('snap')} VALUES (1, ?)`, ['old']);
  const tso = await currentTSO(c);
  await must(c, `UPDATE ${table('snap')} SET v = ? WHERE id = 1`, ['new']);
  const read = `SELECT v FROM ${table('snap')} WHERE id = 1`;
  const set = `SET @@tidb_snapshot = '${tso}'`;
  await must(c, set);
  const old = await scalar(c, read);
  expect(old === 'old', `with ${set}: read ${show(old)}, expected "old"`);
  await must(c, "SET @@tidb_snapshot = ''");
  const now = await scalar(c, read);
  expect(now === 'new', `after SET @@tidb_snapshot = '': read ${show(now)}, expected "new"`);
}

async function checkBackupRestore(c) {
  const url = env.MATRIX_BACKUP_URL;
  const { rows, fields } = await must(c, `BACKUP DATABASE \`${DATABASE}\` TO ?`, [url]);
  const columns = fields.map((f) => f.name);
  const want = ['Destination', 'Size', 'BackupTS', 'Queue Time', 'Execution Time'];
  expect(JSON.stringify(columns) === JSON.stringify(want), `BACKUP columns ${columns}, expected ${want}`);
  expect(rows.length === 1, `BACKUP returned ${rows.length} rows, expected 1`);
  expect(rows[0].Destination === url, `BACKUP Destination = ${show(rows[0].Destination)}, expected ${url}`);
  const backupTS = bigint(rows[0].BackupTS, 'BACKUP BackupTS');
  checkTSO('BACKUP BackupTS', backupTS);

  await must(c, `DROP DATABASE \`${DATABASE}\``);
  const restored = await must(c, `RESTORE DATABASE \`${DATABASE}\` FROM ?`, [url]);
  expect(restored.rows.length === 1, `RESTORE returned ${restored.rows.length} rows, expected 1`);
  await readBytesRow(c, 1);
}

async function main() {
  let c;
  let observer;
  await run('connect', async () => {
    c = await connect();
    observer = await connect();
    await checkConnect(c);
  });
  await tidbOnly('dr-statements', () => checkDRStatements(c));
  await run('types-text', () => checkTypes(c));
  skip('types-binary', 'mysqljs has no binary protocol');
  await run('bytes-text', () => checkBytes(c));
  skip('bytes-binary', 'mysqljs has no binary protocol');
  skip('bytes-long-data', 'mysqljs cannot send long data');
  await run('transactions', () => checkTransactions(c, observer));
  await run('errors', () => checkErrors(c));
  await tidbOnly('snapshot-read', () => checkSnapshotRead(c));
  await tidbOnly('backup-restore', () => checkBackupRestore(c));
  await must(c, `DROP DATABASE IF EXISTS \`${DATABASE}\``);
  c.end();
  observer.end();
}

main().catch((e) => {
  process.stdout.write(`FAIL scenario: ${(e && e.stack) || e}\n`);
  process.exit(1);
});
