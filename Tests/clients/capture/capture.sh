#!/bin/sh
# Run one client command through the logging proxy and keep the wire log plus
# the matching slice of MariaDB's general query log.
#   [EXTRA_PROXY_ARGS="--rewrite A=B"] ./capture.sh NAME native|tidb COMMAND...  (client connects to 127.0.0.1:$PROXY_PORT)
# Output: $OUT/NAME.wire.log and $OUT/NAME.general.log
NAME=$1; MODE=$2; shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-/tmp/cap-out}; PROXY_PORT=${PROXY_PORT:-33062}; PORT=${PORT:-33061}
GLOG=${GLOG:-/tmp/cap-general.log}
mkdir -p "$OUT"; rm -f "$OUT/$NAME.wire.log"
SPOOF=""; [ "$MODE" = tidb ] && SPOOF="--spoof-version ${TIDB_VERSION:-8.0.11-TiDB-v8.5.8} --rewrite utf8mb4_0900_ai_ci=utf8mb4_general_ci --rewrite transaction_isolation=tx_isolation --rewrite transaction_read_only=tx_read_only ${SPOOF_PLUGIN:+--spoof-plugin $SPOOF_PLUGIN}"
python3 "$HERE/capture_proxy.py" --listen "$PROXY_PORT" --upstream "$PORT" --log "$OUT/$NAME.wire.log" $SPOOF $EXTRA_PROXY_ARGS >/dev/null &
PP=$!
sleep 0.5
START=$(stat -c %s "$GLOG")
export PROXY_PORT CAP_WIRE_LOG="$OUT/$NAME.wire.log"  # clients may append "## marker" lines
"$@" > "$OUT/$NAME.client.out" 2>&1; echo "exit=$?" >> "$OUT/$NAME.client.out"
sleep 0.5
kill $PP; wait $PP 2>/dev/null
tail -c +$((START + 1)) "$GLOG" > "$OUT/$NAME.general.log"
echo "== $NAME ($MODE)"; cat "$OUT/$NAME.wire.log"
