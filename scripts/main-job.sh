#!/usr/bin/env bash
# The main job: what the weekly Jenkins job and the GitHub Actions cron run.
source "$(dirname "$0")/lib.sh"
BIN="${VERSIOND_BIN:-$VERSIOND_ROOT/build/ci/src/cli/versiond}"
[ -x "$BIN" ] || die "versiond is not built (run scripts/build.sh)"
"$BIN" inventory --repo "$VERSIOND_ROOT"
rc=0
"$BIN" check --repo "$VERSIOND_ROOT" || rc=$?
exit "$rc"
