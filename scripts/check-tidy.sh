#!/usr/bin/env bash
# Runs clang-tidy (Debian's, with the checked-in .clang-tidy) on versiond's
# own code: every file under src/ that the build compiles
# (build/ci/compile_commands.json), with the headers they include; any
# finding fails.
# Needs a configured build/ci (scripts/build.sh). Clean results are cached by
# the content of each preprocessed file (scripts/check_tidy.py says how) in
# $VERSIOND_CACHE/clang-tidy; VERSIOND_TIDY_NO_CACHE=1 analyses every file.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_cmd clang-tidy clang-tidy
BUILD_DIR="${BUILD_DIR:-$VERSIOND_ROOT/build/ci}"
[ -f "$BUILD_DIR/compile_commands.json" ] || die "no $BUILD_DIR/compile_commands.json: run scripts/build.sh first"
cache="$VERSIOND_CACHE/clang-tidy"
if [ "${VERSIOND_TIDY_NO_CACHE:-0}" = 1 ]; then
  cache=$(mktemp -d)
  trap 'rm -rf "$cache"' EXIT
fi
if ! python3 "$VERSIOND_ROOT/scripts/check_tidy.py" "$BUILD_DIR" "$VERSIOND_ROOT" "$cache" "$(nproc)"; then
  echo "check-tidy: findings above (fix them, or NOLINT(check) on the line with the reason)" >&2
  exit 1
fi
