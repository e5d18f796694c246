#!/usr/bin/env bash
# The main job: what the weekly Jenkins job and the GitHub Actions cron run.
# 1. inventory: what this repository pins (always shown, needs no network);
# 2. check: VERSIONS.md against the files it describes (drift fails the job);
# 3. scan: every component looked up upstream, recorded in .versiond/versiond.db.
#    Without network each lookup fails fast with its reason (exit 3); that is
#    reported but only fails the job when VERSIOND_STRICT_LOOKUPS=1. A broken
#    versiond.yaml (exit 2) always fails it. Mirrors: docs/CONFIGURATION.md.
source "$(dirname "$0")/lib.sh"
BIN="${VERSIOND_BIN:-$VERSIOND_ROOT/build/ci/src/cli/versiond}"
[ -x "$BIN" ] || die "versiond is not built (run scripts/build.sh)"
"$BIN" inventory --repo "$VERSIOND_ROOT"
rc=0
"$BIN" check --repo "$VERSIOND_ROOT" || rc=$?
scan_rc=0
"$BIN" scan --repo "$VERSIOND_ROOT" --format "${VERSIOND_SCAN_FORMAT:-text}" || scan_rc=$?
case "$scan_rc" in
  0) ;;
  3) log "scan: some lookups failed (reasons above)"
     [ "${VERSIOND_STRICT_LOOKUPS:-0}" = 1 ] && rc=3 ;;
  *) rc="$scan_rc" ;;
esac
exit "$rc"
