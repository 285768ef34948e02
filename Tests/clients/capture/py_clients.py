#!/usr/bin/env python3
"""Python client scenarios for wire capture.  py_clients.py SCENARIO [PORT]
Scenarios: pymysql pymysql-init pymysql-autocommit connector-pure connector-c
           connector-pool mysqldb sa-pymysql sa-mysqlconnector sa-mysqldb
Each step writes a "## step" marker into $CAP_WIRE_LOG (set by capture.sh)."""
import os, sys
S, PORT = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 33062
if S == "connector-c" and "LD_LIBRARY_PATH" not in os.environ:
    # the C extension's vendored libssl clashes with the one python's ssl already loaded
    import mysql
    os.environ["LD_LIBRARY_PATH"] = os.path.join(mysql.__path__[0], "vendor")
    os.execv(sys.executable, [sys.executable] + sys.argv)
KW = dict(host="127.0.0.1", port=PORT, user="dr", password="secret", database="test")


def mark(label):
    """Write a marker into the proxy's wire log (commands are synchronous, so order holds)."""
    if os.environ.get("CAP_WIRE_LOG"):
        with open(os.environ["CAP_WIRE_LOG"], "a") as f: f.write(f"## {label}\n")
    print(f"## {label}", flush=True)


def show(tag, v):
    mark(f"{tag} -> {v!r}")


def step(label, fn):
    mark(label)
    r = fn()
    if r is not None: print(f"   = {r!r}", flush=True)
    return r


if S.startswith("pymysql"):
    import pymysql
    kw = dict(KW)
    if S == "pymysql-init": kw["init_command"] = "SET SESSION sql_mode='STRICT_TRANS_TABLES'"
    if S == "pymysql-autocommit": kw["autocommit"] = True
    c = step(f"connect {sorted(set(kw) - set(KW))}", lambda: pymysql.connect(**kw))
    show("get_server_info()", c.get_server_info())
    cur = c.cursor()
    step("execute SELECT 1", lambda: cur.execute("SELECT 1") and cur.fetchall())
    step("begin()", c.begin); step("commit()", c.commit); step("rollback()", c.rollback)
    step("ping()", c.ping); step("select_db('mysql')", lambda: c.select_db("mysql"))
    step("autocommit(True)", lambda: c.autocommit(True)); step("autocommit(False)", lambda: c.autocommit(False))
    step("close()", c.close)

elif S in ("connector-pure", "connector-c"):
    import mysql.connector
    c = step("connect", lambda: mysql.connector.connect(**KW, use_pure=(S == "connector-pure")))
    show("type", type(c).__name__); show("server_info", c.server_info)
    step("autocommit getter", lambda: c.autocommit)
    cur = step("cursor()", c.cursor)
    step("execute SELECT 1", lambda: cur.execute("SELECT 1") or cur.fetchall())
    step("start_transaction()", c.start_transaction); step("commit()", c.commit)
    step("start_transaction()", c.start_transaction); step("rollback()", c.rollback)
    step("start_transaction(readonly=True)", lambda: c.start_transaction(readonly=True)); step("commit()", c.commit)
    step("start_transaction(isolation_level='READ COMMITTED', consistent_snapshot=True)",
         lambda: c.start_transaction(isolation_level="READ COMMITTED", consistent_snapshot=True))
    step("rollback()", c.rollback)
    step("is_connected()", c.is_connected); step("ping()", lambda: c.ping(reconnect=False))
    step("autocommit = True", lambda: setattr(c, "autocommit", True))
    step("autocommit = False", lambda: setattr(c, "autocommit", False))
    cur2 = step("cursor(prepared=True)", lambda: c.cursor(prepared=True))
    step("prepared execute SELECT %s+1", lambda: cur2.execute("SELECT %s+1", (41,)) or cur2.fetchall())
    step("prepared cursor close()", cur2.close)
    step("cmd_reset_connection()", c.cmd_reset_connection)
    step("database = 'mysql'", lambda: setattr(c, "database", "mysql"))
    step("close()", c.close)

elif S == "connector-pool":
    import mysql.connector.pooling as p
    pool = step("MySQLConnectionPool(pool_size=1)", lambda: p.MySQLConnectionPool(pool_name="p", pool_size=1, **KW))
    for i in (1, 2):
        c = step(f"pool.get_connection() #{i}", pool.get_connection)
        cur = step("cursor()", c.cursor)
        step("execute SELECT 1", lambda: cur.execute("SELECT 1") or cur.fetchall())
        step("cursor.close()", cur.close)
        step("conn.close() (returns to pool)", c.close)

elif S == "mysqldb":
    import MySQLdb
    c = step("connect", lambda: MySQLdb.connect(host=KW["host"], port=PORT, user="dr", password="secret", database="test"))
    show("get_server_info()", c.get_server_info())
    cur = c.cursor()
    step("execute SELECT 1", lambda: cur.execute("SELECT 1") and cur.fetchall())
    step("begin()", c.begin); step("commit()", c.commit); step("rollback()", c.rollback)
    step("ping()", c.ping)
    step("autocommit(True)", lambda: c.autocommit(True)); step("autocommit(False)", lambda: c.autocommit(False))
    step("select_db('mysql')", lambda: c.select_db("mysql"))
    step("close()", c.close)

elif S.startswith("sa-"):
    from sqlalchemy import create_engine, text
    drv = {"sa-pymysql": "pymysql", "sa-mysqlconnector": "mysqlconnector", "sa-mysqldb": "mysqldb"}[S]
    e = create_engine(f"mysql+{drv}://dr:secret@127.0.0.1:{PORT}/test")
    c = step("engine.connect() (first connect: dialect initialize)", e.connect)
    step("execute(text('SELECT 1'))", lambda: c.execute(text("SELECT 1")).scalar())
    show("server_version_info", e.dialect.server_version_info); show("is_mariadb", e.dialect.is_mariadb)
    step("connection close (pool checkin)", c.close)
    cm = e.begin()
    c = step("engine.begin() enter", cm.__enter__)
    step("execute SELECT 2", lambda: c.execute(text("SELECT 2")).scalar())
    step("leave engine.begin() block (commit + checkin)", lambda: cm.__exit__(None, None, None))
    c = step("engine.connect() again (pooled)", e.connect)
    step("execute SELECT 3 + commit()", lambda: c.execute(text("SELECT 3")).scalar() and c.commit())
    step("close", c.close)
    step("dispose()", e.dispose)
