#!/usr/bin/env bash
# `make run`: the DR topology of DESIGN.md as three processes on loopback, so each can be killed
# (`kill -9`) and restarted on its own, as in a real deployment:
#   primary   mock-tidb   SQL :4000  status :10080  PD :2379
#   secondary mock-tidb   SQL :4001  status :10081  PD :2382
#   TiCDC     mock-ticdc  API :8300  (upstream: the primary's PD)
# Each prints its ready line; when one exits, the others keep running and the command that
# restarts it is printed. Ctrl-C (or SIGTERM) stops all three gracefully.
# Ports come from the environment (0 picks a free one): PRIMARY_SQL_PORT, PRIMARY_STATUS_PORT,
# PRIMARY_PD_PORT, SECONDARY_SQL_PORT, SECONDARY_STATUS_PORT, SECONDARY_PD_PORT, TICDC_PORT.
set -euo pipefail

bin=${1:-.build/release}
host=${DR_HOST:-127.0.0.1}
work=$(mktemp -d)
declare -A names commands
pids=()

stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait || true
    rm -rf "$work"
}
trap stop EXIT
trap 'exit 0' INT TERM

# start NAME COMMAND...: runs it, waits for its ready line, prints it; READY holds the line.
start() {
    local name=$1
    shift
    "$@" >"$work/$name.out" &
    local pid=$!
    pids+=("$pid")
    names[$pid]=$name
    commands[$pid]="$*"
    for _ in $(seq 1 600); do
        READY=$(grep -m1 ' ready ' "$work/$name.out" || true)
        if [ -n "$READY" ]; then
            echo "$READY"
            return
        fi
        kill -0 "$pid" 2>/dev/null || { echo "$name exited before it was ready" >&2; exit 1; }
        sleep 0.05
    done
    echo "$name was not ready within 30 s" >&2
    exit 1
}

start primary "$bin/mock-tidb" --host "$host" --port "${PRIMARY_SQL_PORT:-4000}" \
    --status-port "${PRIMARY_STATUS_PORT:-10080}" --pd-port "${PRIMARY_PD_PORT:-2379}"
primary_pd=${READY##*pd=}
start secondary "$bin/mock-tidb" --host "$host" --port "${SECONDARY_SQL_PORT:-4001}" \
    --status-port "${SECONDARY_STATUS_PORT:-10081}" --pd-port "${SECONDARY_PD_PORT:-2382}"
start ticdc "$bin/mock-ticdc" server --pd "http://$primary_pd" --addr "$host:${TICDC_PORT:-8300}"
echo "DR topology up: primary pid ${pids[0]}, secondary pid ${pids[1]}, mock-ticdc pid ${pids[2]}; Ctrl-C stops all"

while [ "${#names[@]}" -gt 0 ]; do
    status=0
    wait -n -p exited "${!names[@]}" || status=$?
    [ -n "${exited:-}" ] || continue
    echo "${names[$exited]} (pid $exited) exited with status $status; the others keep running. Restart it with:"
    echo "  ${commands[$exited]}"
    unset "names[$exited]"
done
