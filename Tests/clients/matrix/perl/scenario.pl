#!/usr/bin/perl
# The client matrix scenario (../README.md) through Perl's DBI:
#   perl scenario.pl MariaDB   DBD::MariaDB
#   perl scenario.pl mysql     DBD::mysql (mysql_enable_utf8mb4)
# Text protocol: values through $dbh->quote, statements through $dbh->do / select (client-side
# placeholders off). Binary protocol: server-side prepares (mariadb_server_prepare /
# mysql_server_prepare), byte values bound as SQL_BLOB so the driver sends them as bytes.
# Prints `ok <check>` / `skip <check>: why`; the first failure prints `FAIL <check>: ...`, exits 1.
use strict;
use warnings;
use utf8;
use DBI qw(:sql_types);
use JSON::PP ();
use Time::HiRes ();

binmode STDOUT, ':encoding(UTF-8)';
$| = 1;

my $DRIVER = $ARGV[0] // '';
die "usage: perl scenario.pl MariaDB|mysql\n" unless $DRIVER eq 'MariaDB' || $DRIVER eq 'mysql';
my $PREFIX = $DRIVER eq 'MariaDB' ? 'mariadb' : 'mysql';    # the driver's attribute prefix
my $HOST = $ENV{MATRIX_HOST} || '127.0.0.1';
my $PORT = $ENV{MATRIX_PORT} || 4000;
my $USER = $ENV{MATRIX_USER} || 'root';
my $PASSWORD = $ENV{MATRIX_PASSWORD} // '';
my $DB = $ENV{MATRIX_DATABASE} || "matrix_perl_$PREFIX";
my $BACKUP_URL = $ENV{MATRIX_BACKUP_URL} // '';
my $TIDB = ($ENV{MATRIX_FLAVOR} || 'tidb') eq 'tidb';

# ---------------------------------------------------------------------------------------------
# Output helpers

my $CURRENT = 'connect';    # the check under way, for the FAIL line of an unexpected die

sub ok { print "ok $_[0]\n" }
sub skip { print "skip $_[0]: $_[1]\n" }

sub fail {
    my ($check, $message) = @_;
    print "FAIL $check: $message\n";
    exit 1;
}

# A short, unambiguous rendering: undef, numbers and text as they are, bytes in hex.
sub show {
    my ($value) = @_;
    return 'undef' unless defined $value;
    return 'ref ' . JSON::PP->new->canonical->allow_nonref->encode($value) if ref $value;
    my $text = length($value) > 48 ? substr($value, 0, 48) . '...(' . length($value) . ' chars)' : $value;
    return "'$text'" unless $text =~ /[\x00-\x1f\x7f-\xff]/;
    return "x'" . unpack('H*', utf8::is_utf8($text) ? do { my $b = $text; utf8::encode($b); $b } : $text)
        . "'" . (utf8::is_utf8($text) ? ' (utf8-flagged)' : '');
}

sub expect_eq {
    my ($check, $what, $expected, $actual) = @_;
    return if !defined $expected && !defined $actual;
    fail($check, "$what: expected " . show($expected) . ', got ' . show($actual))
        unless defined $expected && defined $actual && $expected eq $actual;
}

sub expect_num {
    my ($check, $what, $expected, $actual) = @_;
    no warnings 'numeric';
    fail($check, "$what: expected the number $expected, got " . show($actual))
        unless defined $actual && $actual =~ /^\s*-?[0-9.]+(?:e[-+]?[0-9]+)?\s*$/i && $actual == $expected;
}

# Byte strings: characters above 0xFF mean the driver decoded them as text.
sub expect_bytes {
    my ($check, $what, $expected, $actual) = @_;
    fail($check, "$what: expected " . length($expected) . ' bytes, got undef') unless defined $actual;
    fail($check, "$what: expected bytes, got characters above 0xFF " . show($actual)) if $actual =~ /[^\x00-\xff]/;
    fail($check, "$what: expected " . length($expected) . ' bytes, got ' . length($actual) . ' ' . show($actual))
        if length($actual) != length($expected);
    return if $actual eq $expected;
    my $n = 0;
    $n++ while substr($actual, $n, 1) eq substr($expected, $n, 1);
    fail($check, "$what: byte $n differs: expected " . unpack('H*', substr($expected, $n, 8))
        . '..., got ' . unpack('H*', substr($actual, $n, 8)) . '...');
}

# A TSO: an integer whose physical part (the bits above the 18 logical ones) is the Unix time in
# milliseconds, here within ten minutes of this machine's clock. (Current TSOs are about 4.7e17,
# between 2^58 and 2^59: the README's "> 2^60" cannot hold before the 2030s, so it is not tested.)
sub is_tso {
    my ($value) = @_;
    return 0 unless defined $value && $value =~ /^[1-9][0-9]{0,19}$/;
    return abs(($value >> 18) - int(Time::HiRes::time() * 1000)) < 600000;
}

# ---------------------------------------------------------------------------------------------
# The connection. `text` runs SQL with ? replaced by $dbh->quote'd values (text protocol),
# `binary` through a server-side prepared statement with bind_param. Parameters are
# [value, kind] pairs: 'i' integer, 'd' float, 's' text, 'b' bytes. Both return the rows as hashes
# (undef without a result set) and the column names; errors die with { err, state, message }.

my %SQL_TYPE = (i => SQL_BIGINT, d => SQL_DOUBLE, s => SQL_VARCHAR, b => SQL_BLOB);

my $dbh;

sub sql_error {
    my ($h) = @_;
    die { err => $h->err // 0, state => $h->state // '', message => $h->errstr // "$@" };
}

sub text {
    my ($sql, @params) = @_;
    my @parts = split /\?/, $sql, -1;
    die "placeholders in $sql\n" unless @parts == @params + 1;
    # DBD::MariaDB takes the statement as characters and quotes bytes as X'...' hex. DBD::mysql
    # quotes bytes as they are, escaped, and sends a statement without the UTF-8 flag as it is: the
    # statement is built in bytes (text UTF-8 encoded), else Perl would upgrade the byte values.
    my $bytes = $DRIVER eq 'mysql';
    my $encoded = sub { my ($s) = @_; utf8::encode($s) if $bytes; $s };
    my $statement = $encoded->(shift @parts);
    for my $param (@params) {
        my ($value, $kind) = @$param;
        my $quoted = defined $value ? $dbh->quote($value, $SQL_TYPE{$kind}) : 'NULL';
        $statement .= ($kind eq 'b' ? $quoted : $encoded->($quoted)) . $encoded->(shift @parts);
    }
    my ($rows, $names);
    eval {
        my $sth = $dbh->prepare($statement, { "${PREFIX}_server_prepare" => 0 });
        $sth->execute;
        if ($sth->{NUM_OF_FIELDS}) {
            $names = [@{ $sth->{NAME} }];
            $rows = $sth->fetchall_arrayref({});
        }
        1;
    } or sql_error($dbh);
    return wantarray ? ($rows, $names) : $rows;
}

sub binary {
    my ($sql, @params) = @_;
    my ($rows, $names);
    eval {
        my $sth = $dbh->prepare($sql, { "${PREFIX}_server_prepare" => 1 });
        for my $i (0 .. $#params) {
            my ($value, $kind) = @{ $params[$i] };
            $sth->bind_param($i + 1, $value, $SQL_TYPE{$kind});
        }
        $sth->execute;
        if ($sth->{NUM_OF_FIELDS}) {
            $names = [@{ $sth->{NAME} }];
            $rows = $sth->fetchall_arrayref({});
        }
        $sth->finish;
        1;
    } or sql_error($dbh);
    return wantarray ? ($rows, $names) : $rows;
}

my %PROTOCOL = (text => \&text, binary => \&binary);

# Runs $body; a die from SQL becomes the check's FAIL line.
sub guarded {
    my ($check, $body) = @_;
    eval { $body->(); 1 } or do {
        my $e = $@;
        fail($check, ref $e eq 'HASH' ? "$e->{err} ($e->{state}) $e->{message}" : "$e");
    };
}

# ---------------------------------------------------------------------------------------------
# Test data

my $ALL_BYTES = join '', map { chr } 0 .. 255;
# 1 MiB from a seeded LCG (glibc's constants, byte = bits 16..23).
my $MIB = do {
    my $x = 20240229;
    my @bytes;
    for (1 .. 1048576) {
        $x = ($x * 1103515245 + 12345) & 0x7fffffff;
        push @bytes, ($x >> 16) & 0xff;
    }
    pack 'C*', @bytes;
};

my $TYPES_DDL = 'CREATE TABLE types (id INT PRIMARY KEY, i INT, ti TINYINT, si SMALLINT, mi MEDIUMINT,
    bi BIGINT, ubi BIGINT UNSIGNED, d DECIMAL(20,6), f FLOAT, db DOUBLE, c CHAR(10), vc VARCHAR(50),
    tx TEXT, bn BINARY(4), vb VARBINARY(20), bl BLOB, dt DATE, dtm DATETIME(6), ts TIMESTAMP NULL,
    tm TIME, y YEAR, j JSON)';
my $JSON = { a => [1, 2.5, 'añ中😀', undef, JSON::PP::true], b => { c => 'd' } };
# [column, value to insert, kind, how to compare: eq (string), num (numeric), bytes, json]
my @TYPES = (
    ['i', -2147483648, 'i', 'eq'],
    ['ti', -128, 'i', 'eq'],
    ['si', 32767, 'i', 'eq'],
    ['mi', -8388608, 'i', 'eq'],
    ['bi', '-9223372036854775808', 'i', 'eq'],
    ['ubi', '18446744073709551615', 'i', 'eq'],
    ['d', '-12345678901234.567891', 's', 'eq'],
    ['f', -2.5, 'd', 'num'],
    ['db', 6.02214076e23, 'd', 'num'],
    ['c', 'abc', 's', 'eq'],
    ['vc', 'añ中😀', 's', 'eq'],
    ['tx', "text with a 'quote', a \\ backslash and añ中😀", 's', 'eq'],
    # Binary values stay in bytes the known UTF-8 handling cannot touch; all 256 are the bytes-* checks' job.
    ['bn', "\x00a\x7fZ", 'b', 'bytes'],
    ['vb', "\x00\x01bin\x7f", 'b', 'bytes'],
    ['bl', do { my $b = "blob\x00中\n"; utf8::encode($b); $b }, 'b', 'bytes'],
    ['dt', '2024-02-29', 's', 'eq'],
    ['dtm', '2024-02-29 23:59:58.123456', 's', 'eq'],
    ['ts', '2024-03-01 12:34:56', 's', 'eq'],
    ['tm', '-838:59:59', 's', 'eq'],
    ['y', 2024, 'i', 'eq'],
    ['j', JSON::PP->new->canonical->encode($JSON), 's', 'json'],
);

# ---------------------------------------------------------------------------------------------
# The checks

sub connect_check {
    my ($check) = @_;
    my %options = (RaiseError => 1, PrintError => 0, AutoCommit => 1);
    $options{mysql_enable_utf8mb4} = 1 if $DRIVER eq 'mysql';
    $dbh = eval { DBI->connect("DBI:$DRIVER:host=$HOST;port=$PORT", $USER, $PASSWORD, \%options) }
        or fail($check, 'connect: ' . ($DBI::errstr // $@));
    my $version;
    guarded($check, sub { $version = text('SELECT VERSION() AS v')->[0]{v} });
    fail($check, 'VERSION() is ' . show($version)) if !defined $version || ($TIDB && $version !~ /TiDB/);
    ok($check);
}

sub dr_statements {
    my ($check) = @_;
    guarded($check, sub {
        text('SET GLOBAL tidb_gc_enable = OFF');
        expect_eq($check, 'SELECT @@global.tidb_gc_enable after OFF', '0', text('SELECT @@global.tidb_gc_enable AS gc')->[0]{gc});

        text('BEGIN');
        my $tso = text('SELECT TIDB_CURRENT_TSO() AS tso')->[0]{tso};
        text('ROLLBACK');
        fail($check, 'TIDB_CURRENT_TSO() in a transaction: expected a TSO, got ' . show($tso)) unless is_tso($tso);
        text('BEGIN');
        my $tso2 = binary('SELECT TIDB_CURRENT_TSO() AS tso')->[0]{tso};
        text('ROLLBACK');
        fail($check, "TIDB_CURRENT_TSO() (prepared, after $tso): expected a later TSO, got " . show($tso2))
            unless is_tso($tso2) && $tso2 > $tso;

        for my $protocol (qw(text binary)) {
            my ($rows, $names) = $PROTOCOL{$protocol}->('SHOW MASTER STATUS');
            fail($check, "SHOW MASTER STATUS ($protocol): expected 1 row, got " . scalar @{ $rows // [] }) unless $rows && @$rows == 1;
            expect_eq($check, "SHOW MASTER STATUS ($protocol) columns",
                'File, Position, Binlog_Do_DB, Binlog_Ignore_DB, Executed_Gtid_Set', join(', ', @$names));
            my $position = $rows->[0]{Position};
            fail($check, "SHOW MASTER STATUS ($protocol) Position: expected a TSO after $tso2, got " . show($position))
                unless is_tso($position) && $position > $tso2;
        }

        text('SET GLOBAL tidb_gc_enable = ON');
        expect_eq($check, 'SELECT @@global.tidb_gc_enable after ON', '1', text('SELECT @@global.tidb_gc_enable AS gc')->[0]{gc});
    });
    ok($check);
}

sub types_check {
    my ($check, $protocol, $id) = @_;
    my $run = $PROTOCOL{$protocol};
    my @columns = map { $_->[0] } @TYPES;
    my $sql = 'INSERT INTO types (id, ' . join(', ', @columns) . ') VALUES (' . join(', ', ('?') x (@columns + 1)) . ')';
    my $rows;
    guarded($check, sub {
        $run->($sql, [$id, 'i'], map { [$_->[1], $_->[2]] } @TYPES);
        $run->($sql, [$id + 1, 'i'], map { [undef, $_->[2]] } @TYPES);
        $rows = $run->('SELECT * FROM types WHERE id IN (?, ?) ORDER BY id', [$id, 'i'], [$id + 1, 'i']);
    });
    fail($check, 'expected 2 rows, got ' . scalar @{ $rows // [] }) unless $rows && @$rows == 2;
    expect_eq($check, 'id', $id, $rows->[0]{id});
    for my $type (@TYPES) {
        my ($column, $value, undef, $compare) = @$type;
        my $actual = $rows->[0]{$column};
        if ($compare eq 'num') {
            expect_num($check, "column $column", $value, $actual);
        } elsif ($compare eq 'bytes') {
            expect_bytes($check, "column $column", $value, $actual);
        } elsif ($compare eq 'json') {
            # JSON has charset binary (63) from TiDB and MySQL 8: the driver returns its UTF-8 bytes
            # undecoded. (MariaDB's JSON is a utf8mb4 LONGTEXT: characters.)
            my $decoded = eval { JSON::PP->new->utf8(!utf8::is_utf8($actual))->decode($actual) };
            my $canonical = JSON::PP->new->canonical;
            fail($check, "column j: not JSON: " . show($actual)) unless ref $decoded;
            expect_eq($check, 'column j (decoded, re-encoded)', $canonical->encode($JSON), $canonical->encode($decoded));
        } else {
            expect_eq($check, "column $column", "$value", $actual);
        }
        expect_eq($check, "column $column of the NULL row", undef, $rows->[1]{$column});
    }
    ok($check);
}

sub verify_bytes_row {
    my ($check, $rows, $what) = @_;
    fail($check, "$what: expected 1 row, got " . scalar @{ $rows // [] }) unless $rows && @$rows == 1;
    expect_bytes($check, "$what VARBINARY(300)", $ALL_BYTES, $rows->[0]{vb});
    expect_bytes($check, "$what BLOB", $ALL_BYTES, $rows->[0]{b});
    expect_bytes($check, "$what LONGBLOB", $MIB, $rows->[0]{lb});
}

# Row $id of `bytes`: the 256 bytes into VARBINARY(300) and BLOB, the 1 MiB into LONGBLOB.
sub bytes_check {
    my ($check, $protocol, $id) = @_;
    my $run = $PROTOCOL{$protocol};
    my $rows;
    guarded($check, sub {
        $run->('INSERT INTO bytes (id, vb, b, lb) VALUES (?, ?, ?, ?)', [$id, 'i'], [$ALL_BYTES, 'b'], [$ALL_BYTES, 'b'], [$MIB, 'b']);
        $rows = $run->('SELECT vb, b, lb FROM bytes WHERE id = ?', [$id, 'i']);
    });
    verify_bytes_row($check, $rows, "row $id");
    ok($check);
}

sub transactions_check {
    my ($check) = @_;
    guarded($check, sub {
        text('BEGIN');
        text('INSERT INTO txn (id, v) VALUES (1, ?)', ['rolled back', 's']);
        text('ROLLBACK');
        my $rows = text('SELECT id, v FROM txn');
        fail($check, 'rows after BEGIN, INSERT, ROLLBACK: expected none, got ' . scalar @$rows) if @$rows;

        $dbh->begin_work;    # DBI's own transaction API: AutoCommit off until commit
        binary('INSERT INTO txn (id, v) VALUES (?, ?)', [2, 'i'], ['committed', 's']);
        $dbh->commit;
        for my $protocol (qw(text binary)) {
            $rows = $PROTOCOL{$protocol}->('SELECT id, v FROM txn');
            fail($check, "rows after begin_work, INSERT, commit ($protocol): expected 1, got " . scalar @$rows) unless @$rows == 1;
            expect_eq($check, "id after commit ($protocol)", '2', $rows->[0]{id});
            expect_eq($check, "v after commit ($protocol)", 'committed', $rows->[0]{v});
        }
    });
    ok($check);
}

sub errors_check {
    my ($check) = @_;
    my @cases = (
        ['text', 'INSERT INTO txn (id, v) VALUES (2, ?)', [['again', 's']], 1062, '23000'],
        ['binary', 'INSERT INTO txn (id, v) VALUES (?, ?)', [[2, 'i'], ['again', 's']], 1062, '23000'],
        ['text', 'SELECT * FROM no_such_table', [], 1146, '42S02'],
        ['binary', 'SELECT * FROM no_such_table WHERE id = ?', [[1, 'i']], 1146, '42S02'],
        ['text', 'SELEC 1', [], 1064, '42000'],
        ['binary', 'SELECT * FROM txn WHERE', [], 1064, '42000'],
    );
    for my $case (@cases) {
        my ($protocol, $sql, $params, $err, $state) = @$case;
        my $succeeded = eval { $PROTOCOL{$protocol}->($sql, @$params); 1 };
        fail($check, "$sql ($protocol): expected error $err ($state), it succeeded") if $succeeded;
        my $e = $@;
        fail($check, "$sql ($protocol): expected $err ($state), got " . (ref $e ? "$e->{err} ($e->{state}) $e->{message}" : $e))
            unless ref $e eq 'HASH' && $e->{err} == $err && $e->{state} eq $state;
        my $one;
        guarded($check, sub { $one = $PROTOCOL{$protocol}->('SELECT 1 AS one')->[0]{one} });
        expect_eq($check, "SELECT 1 after the error of $sql ($protocol)", '1', $one);
    }
    ok($check);
}

sub snapshot_check {
    my ($check) = @_;
    guarded($check, sub {
        text("INSERT INTO snap (id, v) VALUES (1, 'old')");
        text('BEGIN');
        my $tso = text('SELECT TIDB_CURRENT_TSO() AS tso')->[0]{tso};
        text('COMMIT');
        fail($check, 'TIDB_CURRENT_TSO(): expected a TSO, got ' . show($tso)) unless is_tso($tso);
        text("UPDATE snap SET v = 'new' WHERE id = 1");
        text("SET \@\@tidb_snapshot = '$tso'");
        expect_eq($check, "v with tidb_snapshot = $tso", 'old', text('SELECT v FROM snap WHERE id = 1')->[0]{v});
        expect_eq($check, "v with tidb_snapshot = $tso (prepared)", 'old', binary('SELECT v FROM snap WHERE id = ?', [1, 'i'])->[0]{v});
        text("SET \@\@tidb_snapshot = ''");
        expect_eq($check, "v after tidb_snapshot = ''", 'new', text('SELECT v FROM snap WHERE id = 1')->[0]{v});
    });
    ok($check);
}

sub backup_restore_check {
    my ($check, @byte_rows) = @_;
    guarded($check, sub {
        my ($rows, $names) = text("BACKUP DATABASE `$DB` TO '$BACKUP_URL'");
        fail($check, 'BACKUP: expected one row, got ' . scalar @{ $rows // [] }) unless $rows && @$rows == 1;
        expect_eq($check, 'BACKUP columns', 'Destination, Size, BackupTS, Queue Time, Execution Time', join(', ', @$names));
        fail($check, 'BACKUP BackupTS: expected a TSO, got ' . show($rows->[0]{BackupTS})) unless is_tso($rows->[0]{BackupTS});
        text("DROP DATABASE `$DB`");
        text("RESTORE DATABASE `$DB` FROM '$BACKUP_URL'");
        text("USE `$DB`");
        verify_bytes_row($check, scalar text('SELECT vb, b, lb FROM bytes WHERE id = ?', [$_, 'i']), "row $_ after RESTORE") for @byte_rows;
    });
    ok($check);
}

# ---------------------------------------------------------------------------------------------

$SIG{__DIE__} = sub { return if $^S; print "FAIL $CURRENT: died: @_"; exit 1 };

sub check {
    my ($name, $run, $why, $body) = @_;
    $CURRENT = $name;
    $run ? $body->($name) : skip($name, $why);
}

connect_check('connect');
guarded('connect', sub {
    text("DROP DATABASE IF EXISTS `$DB`");
    text("CREATE DATABASE `$DB` CHARACTER SET utf8mb4");
    text("USE `$DB`");
    text($TYPES_DDL);
    text('CREATE TABLE bytes (id INT PRIMARY KEY, vb VARBINARY(300), b BLOB, lb LONGBLOB)');
    text('CREATE TABLE txn (id INT PRIMARY KEY, v VARCHAR(20))');
    text('CREATE TABLE snap (id INT PRIMARY KEY, v VARCHAR(20))');
});

check('dr-statements', $TIDB, 'TiDB only', \&dr_statements);
check('types-text', 1, '', sub { types_check($_[0], 'text', 1) });
check('types-binary', 1, '', sub { types_check($_[0], 'binary', 3) });
check('bytes-text', 1, '', sub { bytes_check($_[0], 'text', 1) });
check('bytes-binary', 1, '', sub { bytes_check($_[0], 'binary', 2) });
check('bytes-long-data', 0, "DBD::$DRIVER cannot send long data (no COM_STMT_SEND_LONG_DATA API)", undef);
check('transactions', 1, '', \&transactions_check);
check('errors', 1, '', \&errors_check);
check('snapshot-read', $TIDB, 'TiDB only', \&snapshot_check);
check('backup-restore', $TIDB, 'TiDB only', sub { backup_restore_check($_[0], 1, 2) });

$CURRENT = 'cleanup';
guarded('cleanup', sub { text("DROP DATABASE `$DB`") });
$dbh->disconnect;
exit 0;
