"""mysqlclient (MySQLdb over libmariadb) and SQLAlchemy's dialect initialisation."""

import MySQLdb
import pytest
from MySQLdb.constants import FIELD_TYPE
from sqlalchemy import create_engine, text

from conftest import assert_tso_near_now


def test_mysqlclient(tidb):
    connection = MySQLdb.connect(host="127.0.0.1", port=tidb.port, user="root", passwd="")
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT @@global.tidb_gc_enable, @@version, @@max_allowed_packet")
        assert cursor.fetchone() == (1, "8.0.11-TiDB-v8.5.8", 67108864)
        assert [column[1] for column in cursor.description] == [FIELD_TYPE.LONG, FIELD_TYPE.VAR_STRING, FIELD_TYPE.LONGLONG]
        connection.begin()
        cursor.execute("SELECT TIDB_CURRENT_TSO()")
        assert_tso_near_now(cursor.fetchone()[0])
        connection.rollback()
        with pytest.raises(MySQLdb.OperationalError) as failure:
            cursor.execute("SELECT @@nonexistent")
        assert failure.value.args[0] == 1193
        connection.ping()
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    finally:
        connection.close()


@pytest.mark.parametrize("driver", ["pymysql", "mysqldb"])
def test_sqlalchemy_initialises_and_reads_the_tso(tidb, driver):
    engine = create_engine(f"mysql+{driver}://root@127.0.0.1:{tidb.port}/test")
    try:
        with engine.connect() as connection:
            # Dialect initialisation ran: VERSION(), @@transaction_isolation, @@sql_mode, ...
            assert engine.dialect.server_version_info[:3] == (8, 0, 11)
            assert connection.get_isolation_level() == "REPEATABLE READ"
            with connection.begin():
                # The driver's implicit transaction has not read data: TiDB still says 0.
                assert connection.execute(text("SELECT TIDB_CURRENT_TSO()")).scalar() == 0
            with connection.begin():
                connection.execute(text("BEGIN"))
                assert_tso_near_now(connection.execute(text("SELECT TIDB_CURRENT_TSO()")).scalar())
    finally:
        engine.dispose()
