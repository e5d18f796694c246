#!/usr/bin/env bash
# Checks the observability and GitOps material: alert/recording rules
# (promtool check + unit tests + conventions), the Self-Healing Events
# dashboard's PromQL and metric coverage, and every Kubernetes manifest under
# docs/examples/ with kubeconform against pinned schemas.
#
# Prints one PASS/FAIL line per step, runs every step even after a failure,
# and exits non-zero if any step failed. Works offline once the toolchain
# cache (tools/toolchain.sh) has been filled.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export VERSIOND_CACHE="${VERSIOND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/versiond}"

passed=0 failed=0 failed_steps=()
step() {
  local name="$1"; shift
  local out rc
  out="$("$@" 2>&1)"; rc=$?
  if [ "$rc" -eq 0 ]; then
    local summary
    # Only reached when the check passed: its summary line is for the log.
    summary="$(printf '%s\n' "$out" | sed -n -E '/^Ran [0-9]+ tests? /p')"
    [ -n "$summary" ] || summary="$(printf '%s\n' "$out" | grep -v '^[[:space:]]*$' | tail -n 1)"
    printf 'PASS %s: %s\n' "$name" "$summary"
    passed=$((passed + 1))
  else
    printf 'FAIL %s (exit %s)\n' "$name" "$rc"
    printf '%s\n' "$out" | sed 's/^/    /'
    failed=$((failed + 1)); failed_steps+=("$name")
  fi
}

command -v promtool >/dev/null 2>&1 || {
  echo "FAIL promtool not found: run scripts/bootstrap.sh (Debian package 'prometheus')"
  exit 1
}

cd "$here"
echo "promtool: $(promtool --version 2>&1 | head -n 1)"
step "promtool check rules" promtool check rules rules/*.rules.yaml
step "promtool test rules" promtool test rules tests/*.test.yaml
step "rule conventions (labels, annotations, runbooks, test coverage)" \
  /usr/bin/python3 tools/check_rules_meta.py --rules rules --tests tests \
    --runbooks "$root/docs/OPERATIONS.md"
step "dashboard JSON up to date with tools/build_dashboard.py" \
  /usr/bin/python3 tools/build_dashboard.py --check
step "dashboard PromQL and metric coverage" \
  /usr/bin/python3 tools/check_dashboard.py --dashboard dashboards/self-healing-events.json \
    --tests tests --allowlist dashboards/metric-allowlist.txt --rules rules
step "documentation links and runbook anchors" \
  /usr/bin/python3 tools/check_doc_links.py "$root/docs/SELF_HEALING.md" \
    "$root/docs/EVIDENCE.md" "$root/docs/OPERATIONS.md" "$root/docs/examples/README.md" \
    "$root/docs/examples/gitops/observability/README.md" "$here/README.md"
step "toolchain: kubeconform and Kubernetes schemas" "$here/tools/toolchain.sh"
step "checker self-tests (python unittest)" \
  /usr/bin/python3 -m unittest discover -s tools -p 'test_*.py'
step "kubeconform: docs/examples and terraform-rendered manifests" \
  "$here/tools/kubeconform.sh" "$root"

[ "$failed" -eq 0 ] || echo "failed steps: ${failed_steps[*]}"
echo "observability: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
