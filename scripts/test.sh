#!/usr/bin/env bash
# README command 2 (and what .ci/run calls): install what is missing, build,
# and run every test suite: the C++ formatting check, clang-tidy, versiond's
# Catch2 suites (ctest), the same under ASan+UBSan and (the threaded ones)
# under TSan, a short run of every fuzz target (replaying the saved findings
# first), the Terraform module's checks, the observability/GitOps checks, and
# the ops checks (scripts/check-ops.sh: packaging, deploy/, CI definitions).
# Each suite's time is logged (docs/RELIABILITY.md records a whole run).
# Exits non-zero if any suite fails; all suites run even when an earlier one
# fails.
source "$(dirname "$0")/lib.sh"
disk_check 12
"$VERSIOND_ROOT/scripts/bootstrap.sh"
"$VERSIOND_ROOT/scripts/build.sh"

suites=(
  "format|$VERSIOND_ROOT/scripts/check-format.sh"
  "tidy|$VERSIOND_ROOT/scripts/check-tidy.sh"
  "versiond|ctest --test-dir $VERSIOND_ROOT/build/ci --output-on-failure -j2"
  "asan|$VERSIOND_ROOT/scripts/sanitize.sh address"
  "tsan|$VERSIOND_ROOT/scripts/sanitize.sh thread"
  "fuzz|FUZZ_SEED=1 $VERSIOND_ROOT/scripts/fuzz.sh 10"
  "terraform|$VERSIOND_ROOT/terraform/tools/check.sh"
  "observability|$VERSIOND_ROOT/terraform/observability/check.sh"
  "ops|$VERSIOND_ROOT/scripts/check-ops.sh"
)
passed=0 failed=0 failed_names=()
for entry in "${suites[@]}"; do
  name="${entry%%|*}" cmd="${entry#*|}"
  log "suite: $name"
  started=$SECONDS
  if bash -c "$cmd"; then
    passed=$((passed + 1)); outcome=passed
  else
    failed=$((failed + 1)); failed_names+=("$name"); outcome=FAILED
    disk_check 2
  fi
  log "suite: $name $outcome in $((SECONDS - started)) s"
done
log "suites: $passed passed, $failed failed ${failed_names[*]:-}"
[ "$failed" -eq 0 ]
