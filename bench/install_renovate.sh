#!/usr/bin/env bash
# Installs the pinned Renovate the benchmark compares against, once, into a cache dir.
# Prints the path of the renovate executable on its last line.
#   bench/install_renovate.sh
# Env: RENOVATE_VERSION (39.264.1: the newest release whose engines accept Node 20),
#      VERSIOND_CACHE (default $HOME/.cache/versiond)
set -euo pipefail
RENOVATE_VERSION="${RENOVATE_VERSION:-39.264.1}"
DIR="${VERSIOND_CACHE:-$HOME/.cache/versiond}/renovate-$RENOVATE_VERSION"
BIN="$DIR/node_modules/.bin/renovate"
if [ ! -x "$BIN" ] || [ "$("$BIN" --version 2>/dev/null)" != "$RENOVATE_VERSION" ]; then
  command -v npm >/dev/null || { echo "install_renovate.sh: npm not found (apt-get install nodejs npm)" >&2; exit 2; }
  mkdir -p "$DIR"
  # A private package.json keeps the install out of any enclosing npm project.
  [ -f "$DIR/package.json" ] || printf '{"name":"versiond-bench-renovate","private":true}\n' > "$DIR/package.json"
  echo "installing renovate@$RENOVATE_VERSION into $DIR (native modules are compiled: a few minutes)" >&2
  (cd "$DIR" && npm install --no-audit --no-fund --loglevel=error "renovate@$RENOVATE_VERSION" >&2)
fi
echo "$BIN"
