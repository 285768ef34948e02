#!/bin/sh
# Re-run every capture used for docs/tidb/client-connect-queries.md.
#   SERVER_VERSION=8.0.11-TiDB-v8.5.8 ./start-mariadb.sh && ./run_all.sh
# Logs land in ${OUT:-/tmp/cap-out}/<name>.wire.log (+ .general.log, .client.out).
# MODE=native skips the TiDB greeting spoof (MariaDB's own caps/version).
cd "$(dirname "$0")"
M=${MODE:-tidb}; P="-h127.0.0.1 -P${PROXY_PORT:-33062}"
mariadb --no-defaults -S /tmp/cap-mariadb.sock -uroot -e \
  "CREATE TABLE IF NOT EXISTS test.t1(id int primary key, c varchar(10)); DROP TABLE IF EXISTS test.sbtest1"
c() { n=$1; shift; ./capture.sh "$n" "$M" "$@" >/dev/null; echo "$n: $(tail -1 ${OUT:-/tmp/cap-out}/$n.client.out)"; }
c cli-select1   mariadb $P -uroot -e "SELECT 1"
c cli-db        mariadb $P -uroot -D test -e "SELECT 1"
c cli-batch     mariadb $P -uroot --batch --skip-column-names -e "SELECT 1"
c cli-multi     mariadb $P -uroot -e "SET GLOBAL x=1; SELECT 1;"
c cli-multi2    mariadb $P -uroot -e "SET @x=1; SELECT @x; SELECT 2"
c cli-status    mariadb $P -uroot -e "status"
c cli-tty       ./tty_run.py '\s' 'use test' 'SELECT 1;' 'quit' -- mariadb $P -uroot
c cli-tty-D     ./tty_run.py 'quit' -- mariadb $P -uroot -Dtest
c cli-tty-A     ./tty_run.py 'quit' -- mariadb $P -uroot -Dtest -A
for a in ping status version; do c admin-$a mariadb-admin $P -uroot $a; done
gcc capi.c -o /tmp/cap-capi $(mariadb_config --cflags --libs) && c capi /tmp/cap-capi "${PROXY_PORT:-33062}"
for s in pymysql pymysql-init pymysql-autocommit connector-pure connector-c connector-pool mysqldb \
         sa-pymysql sa-mysqlconnector sa-mysqldb; do c $s python3 py_clients.py $s; done
SB="--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=${PROXY_PORT:-33062} --mysql-user=root --mysql-db=test --tables=1 --table-size=10"
c sb-prepare      sysbench oltp_point_select $SB prepare
c sb-run-auto     sysbench oltp_point_select $SB --db-ps-mode=auto --time=2 run
c sb-run-disable  sysbench oltp_point_select $SB --db-ps-mode=disable --time=2 run
c sb-ro           sysbench oltp_read_only $SB --db-ps-mode=disable --time=1 run
c sb-cleanup      sysbench oltp_point_select $SB cleanup
c sb-lua          sysbench select1.lua $SB --time=1 run
# greeting that names caching_sha2_password: who follows it, does the switch to native work?
for s in pymysql connector-pure connector-c mysqldb; do SPOOF_PLUGIN=caching_sha2_password c sha2-$s python3 py_clients.py $s; done
SPOOF_PLUGIN=caching_sha2_password c sha2-capi /tmp/cap-capi "${PROXY_PORT:-33062}"
SPOOF_PLUGIN=caching_sha2_password c sha2-cli mariadb $P -udr -psecret -e "select 1"
# error tolerance of the CLI's helper queries (proxy turns them into failing statements)
EXTRA_PROXY_ARGS="--rewrite @@version_comment=@@nope1 --rewrite show=nope --rewrite DATABASE()=nope6()" \
  c cli-err-tty ./tty_run.py 'use test' 'SELECT 1;' 'quit' -- mariadb $P -uroot -Dtest
EXTRA_PROXY_ARGS="--rewrite @@character_set_client=@@nope3" c cli-err-status mariadb $P -uroot -e status
EXTRA_PROXY_ARGS="--rewrite DATABASE(),=nope2(" c cli-err-status2 mariadb $P -uroot -e status
