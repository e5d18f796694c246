#!/usr/bin/env bash
# Builds versiond under a sanitizer in its own build tree and runs its tests:
#   scripts/sanitize.sh address   # ASan + UBSan, every suite (build/asan)
#   scripts/sanitize.sh thread    # TSan, the concurrent code: net, sources, scan, daemon (build/tsan)
# Any finding aborts the test that hit it (no recovery), so ctest fails.
# -O1: quicker to build than -O2 and still fast to run under the sanitizers.
# Objects come from ccache when a previous run built the same sources.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
mode="${1:-}"
case "$mode" in
  address) build="$VERSIOND_ROOT/build/asan"; labels="" ;;
  # The suites whose code runs threads: the HTTP client and its fakes, the
  # lookup workers and token cache, the scan pipeline, the service (scheduler,
  # HTTP endpoints, signals; its tests run the TSan-built binary too).
  thread) build="$VERSIOND_ROOT/build/tsan"; labels="^(test_net|test_sources|test_scan|test_daemon)$" ;;
  *) die "usage: scripts/sanitize.sh address|thread" ;;
esac
cmake -S "$VERSIOND_ROOT" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVERSIOND_WERROR=ON -DVERSIOND_FAULT_POINTS=ON -DVERSIOND_BUILD_BENCH=OFF \
  -DVERSIOND_SANITIZE="$mode" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
if [ -n "$labels" ]; then
  ninja -C "$build" versiond test_net test_sources test_scan test_daemon
else
  ninja -C "$build"
fi
# halt_on_error: the first finding ends the process with a report; ctest shows it.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$VERSIOND_ROOT/tests/sanitizers/tsan.supp"
sanitizer_setup "$build/src/cli/versiond" --version
args=(--test-dir "$build" --output-on-failure -j2)
[ -z "$labels" ] || args+=(-L "$labels")
"${SANITIZER_RUN[@]}" ctest "${args[@]}"
