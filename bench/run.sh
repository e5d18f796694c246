#!/usr/bin/env bash
# versiond vs Renovate, side by side on the same synthetic repositories and fake upstream.
#
#   bench/run.sh            N = 50, 500, 2000; cold and warm; 1 warm-up + 3 counted runs each
#   bench/run.sh --quick    N = 50, 500 only
#   bench/run.sh --netns    the same inside a network namespace that has only loopback
#   bench/run.sh [--quick] -- [driver options]   e.g. -- --runs 5 --latency-ms 0
#                                                or -- --tools versiond,renovate
#
# Installs Renovate 39.264.1 into ${VERSIOND_CACHE:-$HOME/.cache/versiond} (once), builds
# versiond with scripts/build.sh (or uses $VERSIOND_BIN), then runs bench/driver.py.
# Results: bench/out/<UTC time>/summary.md and results.json (raw runs). docs/PERFORMANCE.md
# says how long a full run takes.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ARGS=("$@")
SIZES="50,500,2000"
NETNS=0
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SIZES="50,500" ;;
    --netns) NETNS=1 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$NETNS" = 1 ] && [ -z "${VERSIOND_BENCH_IN_NETNS:-}" ]; then
  # Everything below, fake upstream included, then sees only 127.0.0.1.
  exec unshare -rn env VERSIOND_BENCH_IN_NETNS=1 bash -c 'ip link set lo up && exec "$0" "$@"' \
    "$0" "${ARGS[@]}"
fi

RENOVATE_BIN="$("$HERE/install_renovate.sh" | tail -1)"
if [ -n "${VERSIOND_BIN:-}" ]; then
  echo "using VERSIOND_BIN=$VERSIOND_BIN"
else
  BUILD_DIR="${BUILD_DIR:-$ROOT/build/ci}" "$ROOT/scripts/build.sh"
  VERSIOND_BIN="${BUILD_DIR:-$ROOT/build/ci}/src/cli/versiond"
fi
# versiond's lookup stages alone (bench/micro/lookup_probe.cpp), when they were built too.
ENGINE_ARGS=()
PROBE="$(dirname "$(dirname "$(dirname "$VERSIOND_BIN")")")/bench/lookup_probe"
if [ -x "$PROBE" ]; then
  ENGINE_ARGS=(--engine "$PROBE" --tools versiond,versiond-engine,renovate)
fi
OUT="$ROOT/bench/out/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
echo "results in $OUT"
python3 "$HERE/driver.py" --out "$OUT" --versiond "$VERSIOND_BIN" --renovate "$RENOVATE_BIN" \
  --sizes "$SIZES" "${ENGINE_ARGS[@]}" "${EXTRA[@]}"
cat "$OUT/summary.md"
