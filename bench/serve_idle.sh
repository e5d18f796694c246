#!/usr/bin/env bash
# Footprint of `versiond serve` (docs/PERFORMANCE.md, "Service footprint").
#
#   bench/serve_idle.sh [--idle-seconds N] [--runs N]
#
# 1. Idle: serve with one yearly schedule (no run during the measurement) on an
#    empty repository; after start-up, RSS (VmRSS) and CPU time (utime+stime of
#    every thread) are read from /proc at the start and end of N seconds
#    (default 300), with the voluntary and involuntary context switches of
#    every thread (/proc/PID/task/*/status): each wake-up of any thread counts.
#    Then `strace -c -f` attached for 30 s lists the system calls made while
#    idle (none expected but the blocked waits already in progress).
# 2. Runs: ten per-second scan schedules on an empty repository (advisories
#    off, so no request leaves the machine), until /metrics counts N runs
#    (default 1000); RSS after the first 100 runs and after N.
# Targets (issue 15): idle RSS <= 15 MB; no wake-ups between schedules; no
# memory growth over 1,000 runs.
#
# Env: VERSIOND_BIN (default build/ci/src/cli/versiond).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BIN="${VERSIOND_BIN:-$ROOT/build/ci/src/cli/versiond}"
IDLE=300
RUNS=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --idle-seconds) IDLE="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

WORK="$(mktemp -d)"
PID=""
cleanup() {
  # On exit only: the service's own exit status was already judged (or the
  # bench failed earlier); stopping it must not mask the bench's status.
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
switches() {  # voluntary + involuntary, all threads
  cat /proc/"$1"/task/*/status | awk '/ctxt_switches/ {n += $2} END {print n}'
}
threads() { find /proc/"$1"/task -mindepth 1 -maxdepth 1 | wc -l; }
metric() { curl -s "http://127.0.0.1:$PORT/metrics" | awk -v s="$1" 'index($0, s) == 1 {print $2}'; }

start() {  # config file
  "$BIN" serve --repo "$WORK/repo" --config "$1" --db "$WORK/state/versiond.db" 2>"$WORK/serve.log" &
  PID=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "serve did not answer /healthz" >&2; cat "$WORK/serve.log" >&2; exit 1
}
stop() {
  kill -TERM "$PID"; wait "$PID"; PID=""
}

mkdir -p "$WORK/repo"
HZ=$(getconf CLK_TCK)
echo "versiond: $("$BIN" --version)"
echo "machine: $(nproc) cores, $(uname -r)"

# ---- 1. idle ---------------------------------------------------------------
PORT=$(free_port)
cat >"$WORK/idle.yaml" <<EOF
schedules:
  - {name: yearly, job: scan, cron: "0 0 1 1 *", tz: Europe/London}
server: {listen: "127.0.0.1:$PORT"}
advisories: {enabled: false}
EOF
start "$WORK/idle.yaml"
sleep 2
rss0=$(rss_kib "$PID"); cpu0=$(cpu_ticks "$PID"); sw0=$(switches "$PID")
echo "idle: start RSS ${rss0} KiB, $(threads "$PID") threads; waiting ${IDLE} s"
sleep "$IDLE"
rss1=$(rss_kib "$PID"); cpu1=$(cpu_ticks "$PID"); sw1=$(switches "$PID")
echo "idle: after ${IDLE} s RSS ${rss1} KiB; CPU $(( cpu1 - cpu0 )) ticks ($(awk -v t=$(( cpu1 - cpu0 )) -v hz="$HZ" 'BEGIN {printf "%.2f", t / hz}') s); context switches $(( sw1 - sw0 ))"
if command -v strace >/dev/null; then
  # timeout ends strace with SIGINT after 30 s, so its status is never 0;
  # the summary it writes is what counts, and it is printed below.
  timeout -s INT 30 strace -c -f -p "$PID" -o "$WORK/strace.txt" >/dev/null 2>&1 || true
  echo "idle: strace -c -f over 30 s:"
  if [ -s "$WORK/strace.txt" ]; then
    sed 's/^/  /' "$WORK/strace.txt"
  else
    echo "  (no system call completed: every thread stayed in the wait it was in)"
  fi
fi
stop

# ---- 2. runs ----------------------------------------------------------------
PORT=$(free_port)
{
  echo "schedules:"
  for i in $(seq 0 9); do echo "  - {name: s$i, job: scan, cron: \"* * * * * *\"}"; done
  echo "server: {listen: \"127.0.0.1:$PORT\"}"
  echo "advisories: {enabled: false}"
} >"$WORK/runs.yaml"
rm -rf "$WORK/state"
start "$WORK/runs.yaml"
runs() {
  metric 'versiond_job_runs_total{job="scan"' | awk '{n += $1} END {print n + 0}'
}
begin=$(date +%s)
until [ "$(runs)" -ge 100 ]; do sleep 0.5; done
rss100=$(rss_kib "$PID")
echo "runs: $(runs) runs, RSS ${rss100} KiB"
until [ "$(runs)" -ge "$RUNS" ]; do sleep 1; done
rssN=$(rss_kib "$PID")
echo "runs: $(runs) runs in $(( $(date +%s) - begin )) s, RSS ${rssN} KiB (after 100: ${rss100} KiB)"
echo "runs: recorded in the store: $(sqlite3 "$WORK/state/versiond.db" "SELECT outcome, COUNT(*) FROM job_runs GROUP BY outcome" | tr '\n' ' ')"
stop
