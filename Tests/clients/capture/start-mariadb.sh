#!/bin/sh
# Start a private MariaDB for capture experiments (127.0.0.1:${PORT:-33061}).
# Usage: [SERVER_VERSION=8.0.11-TiDB-v8.5.8] PORT=33061 ./start-mariadb.sh   (stop with: kill $(cat /tmp/cap-mariadb.pid))
set -e
PORT=${PORT:-33061}
D=/tmp/cap-mariadb
if [ ! -d $D/mysql ]; then
  mariadb-install-db --datadir=$D --user=root --auth-root-authentication-method=normal >/tmp/cap-install.log 2>&1
fi
mariadbd --no-defaults --user=root --datadir=$D --port=$PORT --bind-address=127.0.0.1 \
  --skip-networking=0 --socket=/tmp/cap-mariadb.sock --pid-file=/tmp/cap-mariadb.pid \
  --general-log=1 --general-log-file=/tmp/cap-general.log --log-error=/tmp/cap-mariadb.err \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_bin ${SERVER_VERSION:+--version=$SERVER_VERSION} &
for i in $(seq 1 50); do [ -S /tmp/cap-mariadb.sock ] && break; sleep 0.2; done
mariadb --no-defaults -S /tmp/cap-mariadb.sock -uroot -e "
  ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('');
  CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
  GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;
  CREATE USER IF NOT EXISTS dr@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('secret');
  GRANT ALL ON *.* TO dr@'%';
  DELETE FROM mysql.global_priv WHERE User=''; FLUSH PRIVILEGES;
  CREATE DATABASE IF NOT EXISTS test;"
echo "mariadbd up on 127.0.0.1:$PORT pid $(cat /tmp/cap-mariadb.pid)"
