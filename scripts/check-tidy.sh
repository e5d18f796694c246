#!/usr/bin/env bash
# Runs clang-tidy (Debian's, with the checked-in .clang-tidy) on every C++ file
# the build compiles (build/ci/compile_commands.json); any finding fails.
# Needs a configured build/ci (scripts/build.sh).
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_cmd clang-tidy clang-tidy
BUILD_DIR="${BUILD_DIR:-$VERSIOND_ROOT/build/ci}"
[ -f "$BUILD_DIR/compile_commands.json" ] || die "no $BUILD_DIR/compile_commands.json: run scripts/build.sh first"
mapfile -t files < <(python3 - "$BUILD_DIR/compile_commands.json" "$VERSIOND_ROOT" <<'PY'
import json, os, sys
root = os.path.realpath(sys.argv[2])
seen = set()
for entry in json.load(open(sys.argv[1])):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, root)
    if not rel.startswith(("..", "build/")) and rel not in seen:
        seen.add(rel)
        print(path)
PY
)
[ "${#files[@]}" -gt 0 ] || die "check-tidy: no files in $BUILD_DIR/compile_commands.json"
log "clang-tidy: ${#files[@]} files, $(nproc) at a time"
# clang-tidy prints findings on stdout and "N warnings generated." (system
# headers, suppressed) on stderr, which is dropped. xargs exits non-zero when
# any clang-tidy run did, i.e. on any finding (WarningsAsErrors: '*').
status=0
out=$(printf '%s\0' "${files[@]}" |
  xargs -0 -n 4 -P "$(nproc)" clang-tidy -p "$BUILD_DIR" --quiet 2>/dev/null) || status=$?
[ -z "$out" ] || printf '%s\n' "$out"
if [ "$status" -ne 0 ]; then
  echo "check-tidy: findings above (fix them, or NOLINT(check) on the line with the reason)" >&2
  exit 1
fi
echo "check-tidy: ${#files[@]} files, no findings"
