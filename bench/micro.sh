#!/usr/bin/env bash
# Micro-benchmarks (Google Benchmark) and the Helm index time/memory probe.
#
#   bench/micro.sh [--reps N]     (default 5 repetitions per benchmark)
#
# Builds the bench targets into ${BUILD_DIR:-build/bench} (tests off: only the
# libraries the benchmarks link), then writes bench/out/micro-<UTC time>/: the
# Google Benchmark JSON of each program, probe.jsonl, and summary.md (median and
# min-max over the repetitions).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/bench}"
REPS=5
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "micro.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVERSIOND_WERROR=ON \
  -DVERSIOND_BUILD_TESTS=OFF -DVERSIOND_BUILD_BENCH=ON >/dev/null
PROGRAMS=(bench_helm_index bench_versioning bench_versions_table helm_index_probe)
ninja -C "$BUILD_DIR" "${PROGRAMS[@]}"
OUT="$ROOT/bench/out/micro-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
cat /proc/loadavg > "$OUT/loadavg-before"
for prog in bench_helm_index bench_versioning bench_versions_table; do
  "$BUILD_DIR/bench/$prog" --benchmark_repetitions="$REPS" --benchmark_out="$OUT/$prog.json" \
    --benchmark_out_format=json >/dev/null
done
# One process per probe, so each peak RSS belongs to one parse (of 5 timed ones).
PROBE="$BUILD_DIR/bench/helm_index_probe"
LARGE="$ROOT/tests/fixtures/upstream/helm/grafana-index.yaml"
"$PROBE" make-synthetic "$OUT/synthetic-40mb-index.yaml" 40 >/dev/null
for i in 1 2 3; do
  "$PROBE" parse "$LARGE" >> "$OUT/probe.jsonl"
  "$PROBE" parse "$OUT/synthetic-40mb-index.yaml" >> "$OUT/probe.jsonl"
done
rm -f "$OUT/synthetic-40mb-index.yaml"
cat /proc/loadavg > "$OUT/loadavg-after"
python3 "$HERE/micro_summary.py" "$OUT" > "$OUT/summary.md"
cat "$OUT/summary.md"
