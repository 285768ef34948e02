#!/usr/bin/env bash
# `make run`: the DR topology of DESIGN.md as three processes on loopback, so each can be killed
# (`kill -9`) and restarted on its own, as in a real deployment:
#   primary   mock-tidb   SQL :4000  status :10080  PD :2379
#   secondary mock-tidb   SQL :4001  status :10081  PD :2382
#   TiCDC     mock-ticdc  API :8300  (upstream: the primary's PD)
# Each prints its ready line (stdout), then a line with the three pids; once all three answer,
# every endpoint and the commands to try with the actual ports go to stderr (stdout stays the
# lines that scripts read). When one exits, the others keep running and the command that
# restarts it is printed. Ctrl-C (or SIGTERM) stops all three gracefully.
# Ports come from the environment (0 picks a free one): PRIMARY_SQL_PORT, PRIMARY_STATUS_PORT,
# PRIMARY_PD_PORT, SECONDARY_SQL_PORT, SECONDARY_STATUS_PORT, SECONDARY_PD_PORT, TICDC_PORT.
set -euo pipefail

bin=${1:-.build/release}
host=${DR_HOST:-127.0.0.1}
work=$(mktemp -d -t mock-tidb-dr.XXXXXX)
declare -A names commands pid_of
pids=()

stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait || true
    rm -rf "$work"
}
trap stop EXIT
trap 'exit 0' INT TERM

# launch NAME COMMAND...: starts it in the background, its stdout into $work/NAME.out.
launch() {
    local name=$1
    shift
    : >"$work/$name.out" # there before `ready` reads it
    "$@" >"$work/$name.out" &
    local pid=$!
    pids+=("$pid")
    names[$pid]=$name
    commands[$pid]="$*"
    pid_of[$name]=$pid
}

# ready NAME: waits for NAME's ready line (a whole line with " ready " on its stdout), prints it;
# READY holds it. Builtins only in the loop but the sleep: forks cost on a busy machine.
ready() {
    local name=$1 pid=${pid_of[$1]} line
    for _ in {1..600}; do
        while IFS= read -r line; do
            if [[ $line == *" ready "* ]]; then
                READY=$line
                echo "$READY"
                return
            fi
        done <"$work/$name.out"
        kill -0 "$pid" 2>/dev/null || { echo "$name exited before it was ready" >&2; exit 1; }
        sleep 0.05
    done
    echo "$name was not ready within 30 s" >&2
    exit 1
}

# tidb_endpoints NAME: sets NAME_sql, NAME_status and NAME_pd (host:port each) from mock-tidb's
# ready line, `mock-tidb ready sql=H:P status=H:P pd=H:P`.
tidb_endpoints() {
    if ! [[ $READY =~ sql=([^ ]+)\ status=([^ ]+)\ pd=([^ ]+) ]]; then
        echo "cannot read the endpoints in: $READY" >&2
        exit 1
    fi
    printf -v "$1_sql" %s "${BASH_REMATCH[1]}"
    printf -v "$1_status" %s "${BASH_REMATCH[2]}"
    printf -v "$1_pd" %s "${BASH_REMATCH[3]}"
}

# The two clusters start together; TiCDC, once the primary's PD is known. The ready lines come out
# in that order: primary, secondary, TiCDC.
launch primary "$bin/mock-tidb" --host "$host" --port "${PRIMARY_SQL_PORT:-4000}" \
    --status-port "${PRIMARY_STATUS_PORT:-10080}" --pd-port "${PRIMARY_PD_PORT:-2379}"
launch secondary "$bin/mock-tidb" --host "$host" --port "${SECONDARY_SQL_PORT:-4001}" \
    --status-port "${SECONDARY_STATUS_PORT:-10081}" --pd-port "${SECONDARY_PD_PORT:-2382}"
ready primary
tidb_endpoints primary
ready secondary
tidb_endpoints secondary
launch ticdc "$bin/mock-ticdc" server --pd "http://$primary_pd" --addr "$host:${TICDC_PORT:-8300}"
ready ticdc
ticdc_api=${READY##*api=} # `mock-ticdc ready api=H:P`
echo "DR topology up: primary pid ${pids[0]}, secondary pid ${pids[1]}, mock-ticdc pid ${pids[2]}; Ctrl-C stops all"

# What to try, with the ports as they are, on stderr. The backups go under $work: new for each run
# (BACKUP refuses a directory that already holds one, 8124) and removed when the script ends.
P="mysql://root@$primary_sql" S="mysql://root@$secondary_sql" C="http://$ticdc_api"
cat >&2 <<EOF

DR topology ready; Ctrl-C stops all three. A full drill (switchover, disaster): docs/rehearsal.md
  primary    $P   status http://$primary_status/status   PD http://$primary_pd
  secondary  $S   status http://$secondary_status/status   PD http://$secondary_pd
  TiCDC      $C   (OpenAPI v2, $C/api/v2/health; upstream: the primary's PD)
By hand, as the runbook (seed 002):
  mariadb -h ${primary_sql%:*} -P ${primary_sql##*:} -u root    then: SET GLOBAL tidb_gc_enable = OFF;
    BACKUP DATABASE * TO 'local://$work/backup';  BEGIN; SELECT TIDB_CURRENT_TSO(); ROLLBACK;  SHOW MASTER STATUS;
  mariadb -h ${secondary_sql%:*} -P ${secondary_sql##*:} -u root -e "RESTORE DATABASE * FROM 'local://$work/backup'"
  $bin/mock-ticdc cli changefeed create --server $C --sink-uri $S/ --changefeed-id primary-to-secondary --start-ts <BackupTS>
  $bin/mock-ticdc cli changefeed list --server $C
With the driver, after  P=$P S=$S C=$C
  $bin/tidb-dr setup --primary \$P --secondary \$S --cdc \$C --storage local://$work/drill -c primary-to-secondary
  $bin/tidb-dr status --primary \$P --secondary \$S --cdc \$C
  $bin/tidb-dr wait-checkpoint --cdc \$C -c primary-to-secondary --position-from \$P
  $bin/tidb-dr switchover --primary \$P --secondary \$S --cdc \$C -c primary-to-secondary --reverse-id secondary-to-primary --fence
  $bin/tidb-dr verify --primary \$P --secondary \$S --cdc \$C -c primary-to-secondary

EOF

while [ "${#names[@]}" -gt 0 ]; do
    status=0
    wait -n -p exited "${!names[@]}" || status=$?
    [ -n "${exited:-}" ] || continue
    echo "${names[$exited]} (pid $exited) exited with status $status; the others keep running. Restart it with:"
    echo "  ${commands[$exited]}"
    unset "names[$exited]"
done
