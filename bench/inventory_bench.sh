#!/usr/bin/env bash
# Inventory benchmark: `versiond inventory` on a generated 10,000-file repository.
#
#   bench/inventory_bench.sh [--files N] [--runs R] [--keep DIR]
#
# Generates the tree with bench/gen_inventory_repo.py (seed 1), runs
# `versiond inventory --format json` once to warm the page cache, then R
# counted runs under /usr/bin/time; prints each run's wall time and peak RSS,
# and the median. Targets (docs/PERFORMANCE.md, "Inventory"): median <= 1 s,
# peak RSS <= 64 MiB on the 2-core CI machine.
#
# With RENOVATE_BIN set (bench/install_renovate.sh prints it), Renovate runs
# R times on the same tree (platform local, every dependency disabled so no
# lookup happens); its extract phase alone is read from its own debug record
# "Repository timing splits" (bench/renovate_extract_split.py), next to the
# whole run's wall time and `renovate --version` (Node start-up).
#
# Env: VERSIOND_BIN (default build/ci/src/cli/versiond), RENOVATE_BIN (optional).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
FILES=10000
RUNS=5
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --files) FILES="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    --keep) KEEP="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "inventory_bench.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
BIN="${VERSIOND_BIN:-$ROOT/build/ci/src/cli/versiond}"
[ -x "$BIN" ] || { echo "inventory_bench.sh: $BIN not built (ninja -C build/ci versiond)" >&2; exit 2; }

WORK="${KEEP:-$(mktemp -d /tmp/versiond-inv-bench.XXXXXX)}"
[ -n "$KEEP" ] || trap 'rm -rf "$WORK"' EXIT
REPO="$WORK/repo"
[ -d "$REPO" ] || python3 "$HERE/gen_inventory_repo.py" --files "$FILES" --out "$REPO"
echo "tree: $(find "$REPO" -type f -not -path '*/.git/*' | wc -l) files," \
  "$(find "$REPO" -type f -not -path '*/.git/*' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f MB", s / 1e6 }') of text"

# The warm-up run is also the correctness check: it must succeed.
"$BIN" inventory --repo "$REPO" --format json >"$WORK/inventory.json" 2>"$WORK/stderr.txt" \
  || { echo "inventory_bench: versiond inventory failed:" >&2; cat "$WORK/stderr.txt" >&2; exit 1; }
python3 - "$WORK/inventory.json" "$WORK/stderr.txt" <<'EOF'
import json, sys
inv = json.load(open(sys.argv[1]))
print(f"components: {len(inv['components'])}, per-file diagnostics: {len(inv['errors'])}")
EOF

times=()
for i in $(seq 1 "$RUNS"); do
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time.txt" "$BIN" inventory --repo "$REPO" \
    --format json >/dev/null 2>&1 || { echo "inventory_bench: run $i failed" >&2; exit 1; }
  read -r wall rss user sys <"$WORK/time.txt"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "run $i: ${wall} s wall, ${cpu} s cpu (user+sys), $((rss / 1024)) MiB peak RSS"
  times+=("$wall $rss $cpu")
done
# Wall time depends on what else the machine runs; cpu time much less so.
median() { sort -n | awk -v n="$RUNS" 'NR == int((n + 1) / 2) { print }'; }
wall_med=$(printf '%s\n' "${times[@]}" | cut -d' ' -f1 | median)
cpu_med=$(printf '%s\n' "${times[@]}" | cut -d' ' -f3 | median)
rss_max=$(printf '%s\n' "${times[@]}" | cut -d' ' -f2 | sort -n | tail -1)
echo "versiond inventory: median ${wall_med} s wall, median ${cpu_med} s cpu," \
  "max peak RSS $((rss_max / 1024)) MiB ($RUNS runs)"

if [ -n "${RENOVATE_BIN:-}" ]; then
  # Renovate's own "Repository timing splits" debug record gives its extract
  # phase alone (splits.extract, milliseconds). Every dependency is disabled so
  # the lookup phase does nothing (and needs no network); the managers that
  # have no default file pattern are pointed at the generated folders.
  cfg="$WORK/renovate-extract.js"
  cat >"$cfg" <<'JS'
module.exports = {
  platform: 'local', onboarding: false, requireConfig: 'optional',
  repositoryCache: 'disabled', extends: [], fetchChangeLogs: 'off',
  osvVulnerabilityAlerts: false,
  kubernetes: { fileMatch: ['(^|/)k8s/.+\\.yaml$'] },
  argocd: { fileMatch: ['(^|/)argocd/.+\\.yaml$'] },
  flux: { fileMatch: ['(^|/)clusters/.+\\.yaml$'] },
  packageRules: [{ matchPackageNames: ['*'], enabled: false }],
};
JS
  for i in $(seq 1 "$RUNS"); do
    (cd "$REPO" && RENOVATE_CONFIG_FILE="$cfg" RENOVATE_BASE_DIR="$WORK/rbase" \
      RENOVATE_CACHE_DIR="$WORK/rcache" LOG_LEVEL=debug LOG_FORMAT=json \
      /usr/bin/time -f "%e %M" -o "$WORK/rtime.txt" "$RENOVATE_BIN" >"$WORK/renovate.log" 2>&1) ||
      true
    read -r wall rss <"$WORK/rtime.txt"
    read -r extract_ms deps < <(python3 "$HERE/renovate_extract_split.py" "$WORK/renovate.log")
    echo "renovate run $i: ${wall} s wall, $((rss / 1024)) MiB peak RSS," \
      "extract phase ${extract_ms} ms (its own timing split), ${deps} dependencies"
  done
  # Only the start-up time is read: `renovate --version` without its optional re2 module
  # prints a warning and its exit status says nothing about the timing.
  /usr/bin/time -f "%e" -o "$WORK/vtime.txt" "$RENOVATE_BIN" --version >/dev/null 2>&1 || true
  echo "renovate --version alone: $(cat "$WORK/vtime.txt") s"
fi
