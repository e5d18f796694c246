#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with Debian's clang 14 into
# build/fuzz (every library under ASan+UBSan) and runs each for a bounded time:
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 30)
# Each target first replays its regression inputs (tests/fuzz/regressions/),
# then fuzzes a scratch copy of its checked-in corpus (build/fuzz/runs/<target>),
# so tests/fuzz/corpus is never modified. Fails when any target crashes, leaks
# or times out, printing the end of its log and the reproducer.
# FUZZ_TARGETS="a b" runs only those. FUZZ_SEED=N fixes libFuzzer's seed
# (default 0: a new random seed each run, for searching); scripts/test.sh fixes
# it so that CI repeats the mutations a passing local run already made, and a
# finding there can be replayed here with the same seed.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
SECONDS_PER_TARGET="${1:-30}"
FUZZ_SEED="${FUZZ_SEED:-0}"
case "$SECONDS_PER_TARGET" in
  '' | *[!0-9]*) die "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" ;;
esac
case "$FUZZ_SEED" in
  '' | *[!0-9]*) die "FUZZ_SEED must be a number (0: random)" ;;
esac
BUILD_DIR="${FUZZ_BUILD_DIR:-$VERSIOND_ROOT/build/fuzz}"
FUZZ_DIR="$VERSIOND_ROOT/tests/fuzz"
need_cmd clang-14 clang-14
need_cmd clang++-14 clang-14
need_cmd cmake cmake
need_cmd ninja ninja-build

# -O1 with line tables, asserts on: the usual libFuzzer build, and the cheapest
# to compile under the sanitizers.
CC=clang-14 CXX=clang++-14 cmake -S "$VERSIOND_ROOT" -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
  -DVERSIOND_FUZZ=ON -DVERSIOND_BUILD_TESTS=OFF -DVERSIOND_BUILD_BENCH=OFF >/dev/null
ninja -C "$BUILD_DIR" fuzz_all

if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  targets=()
  for src in "$FUZZ_DIR"/fuzz_*.cpp; do
    targets+=("$(basename "$src" .cpp)")
  done
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
sanitizer_setup "$BUILD_DIR/tests/fuzz/${targets[0]}" -runs=0
failed=()
for target in "${targets[@]}"; do
  bin="$BUILD_DIR/tests/fuzz/$target"
  run="$BUILD_DIR/runs/$target"
  rm -rf "$run"
  mkdir -p "$run/corpus" "$run/artifacts"
  if [ -d "$FUZZ_DIR/corpus/$target" ]; then
    cp -R "$FUZZ_DIR/corpus/$target"/. "$run/corpus/"
  fi
  # Every input that once crashed must now pass (run once each, no fuzzing).
  if [ -d "$FUZZ_DIR/regressions/$target" ] && [ -n "$(ls -A "$FUZZ_DIR/regressions/$target")" ]; then
    if ! "${SANITIZER_RUN[@]}" "$bin" -timeout=10 -rss_limit_mb=2048 "$FUZZ_DIR/regressions/$target"/* >"$run/regressions.log" 2>&1; then
      log "$target: a regression input fails again; see $run/regressions.log"
      tail -n 40 "$run/regressions.log" >&2
      failed+=("$target")
      continue
    fi
  fi
  dict=()
  if [ -f "$FUZZ_DIR/dict/$target.dict" ]; then
    dict=("-dict=$FUZZ_DIR/dict/$target.dict")
  fi
  log "$target: fuzzing for ${SECONDS_PER_TARGET}s (seed ${FUZZ_SEED}, 0 = random)"
  if "${SANITIZER_RUN[@]}" "$bin" "${dict[@]}" -seed="$FUZZ_SEED" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$run/artifacts/" "$run/corpus" >"$run/fuzz.log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/fuzz.log")
    log "$target: ok, ${execs:-?} executions"
  else
    log "$target: FAILED (log: $run/fuzz.log)"
    # Only a digest of the log for the reader; the failure is already counted
    # above, so a log without such lines (grep exits 1) must not hide it.
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|fuzz check failed|ALARM|artifact_prefix|Test unit written)' \
      "$run/fuzz.log" | head -n 20 >&2 || true
    # And the end of the log: what libFuzzer said last (CI keeps no files).
    log "$target: last lines of $run/fuzz.log:"
    tail -n 40 "$run/fuzz.log" >&2
    for artifact in "$run/artifacts"/*; do
      [ -e "$artifact" ] && log "reproducer: $artifact (run: $bin $artifact)"
    done
    failed+=("$target")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  die "fuzz targets failed: ${failed[*]}"
fi
log "all ${#targets[@]} fuzz targets ran ${SECONDS_PER_TARGET}s each without a finding"
