"""AES_ENCRYPT/AES_DECRYPT, SM3, CRC32, SUBSTRING_INDEX, POSITION(.. IN ..) and GBK arguments
through a real client (PyMySQL), with the values TiDB v8.5 gives."""

import pymysql
import pytest

from conftest import MockTiDB


@pytest.fixture(scope="module")
def server():
    server = MockTiDB("--user", "root")
    yield server
    server.stop()


@pytest.fixture
def connection(server):
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", database="test",
                                 autocommit=True)
    yield connection
    connection.close()


def test_aes_round_trip_and_modes(connection):
    cursor = connection.cursor()
    cursor.execute("SELECT HEX(AES_ENCRYPT('123', 'foobar')), AES_DECRYPT(AES_ENCRYPT('foo', 'bar'), 'bar')")
    assert cursor.fetchone() == ("45ABDD5C4802EFA6771A94C43F805208", b"foo")
    cursor.execute("SET block_encryption_mode = 'aes-128-ofb'")
    cursor.execute("SELECT AES_DECRYPT(UNHEX('48E38A'), 'foobar', '1234567890123456')")
    assert cursor.fetchone() == (b"123",)
    # Exception: Tests/conformance/mysqltest.py swaps PyMySQL's error class when collected alongside.
    with pytest.raises(Exception) as failure:
        cursor.execute("SELECT AES_ENCRYPT('123', 'foobar')")
    assert failure.value.args[0] == 1582
    cursor.execute("SET block_encryption_mode = DEFAULT")


def test_hashes_and_string_functions(connection):
    cursor = connection.cursor()
    cursor.execute("SELECT SM3('123'), CRC32('abc'), SUBSTRING_INDEX('www.pingcap.com', '.', -2), "
                   "POSITION('c' IN 'abc')")
    assert cursor.fetchone() == ("6e0f9e14344c5406a0cf5a3b4dfb665f87f4a771a31f7edbb5c72874a32b2957", 891568578,
                                 "pingcap.com", 3)


def test_gbk_column_bytes(connection):
    cursor = connection.cursor()
    cursor.execute("DROP TABLE IF EXISTS gbk_words")
    cursor.execute("CREATE TABLE gbk_words (w CHAR(10) CHARSET gbk)")
    cursor.execute("INSERT INTO gbk_words VALUES ('一二三')")
    cursor.execute("SELECT HEX(w), LENGTH(w), TO_BASE64(w), w FROM gbk_words")
    assert cursor.fetchone() == ("D2BBB6FEC8FD", 6, "0ru2/sj9", "一二三")
