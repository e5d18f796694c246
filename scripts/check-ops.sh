#!/usr/bin/env bash
# The ops checks (suite "ops" of scripts/test.sh): packaging, the systemd
# unit, the Dockerfile, the Kubernetes manifests, versiond's alert rules and
# dashboard, the Jenkinsfiles and the GitHub Actions workflows. No Docker
# engine, Jenkins or cluster is needed; what each step proves is in
# docs/OPERATIONS.md#ops-checks.
#
# Prints one PASS/FAIL line per step, runs every step even after a failure,
# exits non-zero if any failed. Needs the binary scripts/build.sh builds
# (BUILD_DIR, default build/ci) and the tools scripts/bootstrap.sh installs.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
export VERSIOND_CACHE="${VERSIOND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/versiond}"
build="${BUILD_DIR:-$root/build/ci}"
py=/usr/bin/python3
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0 failed_steps=()
step() {
  local name="$1"; shift
  local out rc
  out="$("$@" 2>&1)"; rc=$?
  if [ "$rc" -eq 0 ]; then
    printf 'PASS %s: %s\n' "$name" "$(printf '%s\n' "$out" | grep -v '^[[:space:]]*$' | tail -n 1)"
    passed=$((passed + 1))
  else
    printf 'FAIL %s (exit %s)\n' "$name" "$rc"
    printf '%s\n' "$out" | sed 's/^/    /'
    failed=$((failed + 1)); failed_steps+=("$name")
  fi
}

# install_tree: `cmake --install` of the built tree into $tmp/usr, and the
# layout cmake/install.cmake promises.
install_tree() {
  [ -x "$build/src/cli/versiond" ] || { echo "no $build/src/cli/versiond: run scripts/build.sh"; return 1; }
  cmake --install "$build" --prefix "$tmp/usr" >/dev/null || return 1
  local f
  for f in bin/versiond libexec/versiond/versiond-serve lib/systemd/system/versiond.service share/doc/versiond/versiond.example.yaml \
           share/doc/versiond/OPERATIONS.md share/doc/versiond/LICENSE; do
    [ -e "$tmp/usr/$f" ] || { echo "install tree lacks $f"; return 1; }
  done
  echo "install tree complete: $(find "$tmp/usr" -type f | wc -l) files"
}

# verify_unit: systemd-analyze verify on the installed unit (its ExecStart is
# the installed binary, which verify requires to exist). verify exits 0 on
# unknown keys and bad values, only warning: any output is a failure here.
verify_unit() {
  local unit="$tmp/usr/lib/systemd/system/versiond.service" out
  [ -f "$unit" ] || { echo "no installed unit (install step failed)"; return 1; }
  diff <(sed "s|^ExecStart=/usr/bin/versiond |ExecStart=$tmp/usr/bin/versiond |" \
    "$root/deploy/systemd/versiond.service") "$unit" \
    || { echo "installed unit differs from deploy/systemd/versiond.service beyond ExecStart"; return 1; }
  out="$(systemd-analyze verify "$unit" 2>&1)" || { echo "$out"; return 1; }
  [ -z "$out" ] || { echo "$out"; return 1; }
  out="$(systemd-analyze security --offline=yes --threshold=20 "$unit" 2>&1)" \
    || { echo "$out" | tail -n 3; echo "exposure above 2.0"; return 1; }
  echo "verify clean; $(printf '%s\n' "$out" | grep -o 'Overall exposure level.*')"
}

runtime_packages() {
  local needed listed missing
  needed="$("$root/scripts/ops/runtime-packages.sh" "$build/src/cli/versiond")" || return 1
  listed="$(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$root/deploy/container/runtime-packages.txt" | sort -u)"
  missing="$(comm -23 <(printf '%s\n' "$needed") <(printf '%s\n' "$listed"))"
  [ -z "$missing" ] || { echo "deploy/container/runtime-packages.txt lacks: $missing"; return 1; }
  echo "$(printf '%s\n' "$needed" | wc -l) linked packages, all listed"
}

# builder_context: the files the Dockerfile's builder stage COPYs, laid out
# as in the image, must configure (the flags of its RUN cmake). Building is
# left to an image build; configuring finds a missing COPY of a file CMake reads.
builder_context() {
  "$py" "$root/scripts/ops/check_dockerfile.py" "$root/Dockerfile" --context "$root" \
    --materialize builder "$tmp/builder-src" || return 1
  cmake -S "$tmp/builder-src" -B "$tmp/builder-build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DVERSIOND_BUILD_TESTS=OFF -DVERSIOND_BUILD_BENCH=OFF -DVERSIOND_FAULT_POINTS=OFF >/dev/null || return 1
  echo "the builder stage's context configures"
}

kubeconform_deploy() {
  local paths KUBECONFORM="" KUBERNETES_SCHEMAS="" files
  paths="$("$root/terraform/observability/tools/toolchain.sh")" || return 1
  eval "$paths"
  mapfile -t files < <(find "$root/deploy/kubernetes" -name '*.yaml' ! -name kustomization.yaml | sort)
  [ "${#files[@]}" -gt 0 ] || { echo "no manifests under deploy/kubernetes"; return 1; }
  "$KUBECONFORM" -strict -summary -output text -kubernetes-version "${KUBERNETES_SCHEMAS##*-v}" \
    -schema-location "$KUBERNETES_SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
    -schema-location "$root/terraform/observability/schemas/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
    -schema-location "$root/deploy/schemas/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
    "${files[@]}"
}

jenkins_lint() {
  local commands=(curl sha256sum tar grep mkdir versiond terraform helm kubeconform yamllint find sort
                  dirname basename cp)
  "$py" "$root/scripts/ops/check_jenkinsfile.py" --root "$root" --shellcheck "$(command -v shellcheck)" \
    "${commands[@]/#/--command=}" --built build/ci/src/cli/versiond \
    --stage Jenkinsfile.weekly="Fetch versiond" --stage Jenkinsfile.weekly="Restore store" \
    --stage Jenkinsfile.weekly=Apply --stage Jenkinsfile.weekly=Plan \
    --stage "Jenkinsfile.validate=terraform fmt" --stage "Jenkinsfile.validate=terraform validate" \
    --stage "Jenkinsfile.validate=versiond check" --stage "Jenkinsfile.validate=helm template + kubeconform" \
    --stage Jenkinsfile.validate=yamllint --stage Jenkinsfile.ci=Tests \
    "$root"/jenkins/Jenkinsfile.*
}

actionlint_workflows() {
  local paths ACTIONLINT=""
  paths="$("$root/scripts/ops/toolchain.sh")" || return 1
  eval "$paths"
  (cd "$root" && "$ACTIONLINT" -shellcheck "$(command -v shellcheck)" .github/workflows/*.yml) || return 1
  echo "actionlint $("$ACTIONLINT" -version | head -n 1): $(find "$root/.github/workflows" -name "*.yml" | wc -l) workflows clean"
}

# self_tests: the checkers' unit tests; running none is a failure too.
self_tests() {
  local out rc
  out="$("$py" -m unittest discover -s "$root/scripts/ops" -p 'test_*.py' 2>&1)"; rc=$?
  printf '%s\n' "$out" | grep -q '^Ran [1-9][0-9]* test' || { printf '%s\n' "$out"; echo "no test ran"; return 1; }
  [ "$rc" -eq 0 ] || { printf '%s\n' "$out"; return "$rc"; }
  printf '%s\n' "$out" | grep '^Ran '

}

for tool in promtool shellcheck systemd-analyze cmake readelf; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FAIL $tool not found: run scripts/bootstrap.sh"; exit 1; }
done

mon="$root/deploy/monitoring"
step "cmake --install layout" install_tree
step "systemd-analyze verify + security (installed unit)" verify_unit
step "runtime image packages cover the libraries versiond links" runtime_packages
step "Dockerfile: stages, COPY sources, non-root, entrypoint, Debian package names" \
  "$py" "$root/scripts/ops/check_dockerfile.py" "$root/Dockerfile" --context "$root" \
    --packages "$root/deploy/container/runtime-packages.txt"
step "Dockerfile builder context configures with cmake" builder_context
step "kubeconform -strict deploy/kubernetes" kubeconform_deploy
step "Kubernetes policy and references (check_k8s.py)" \
  "$py" "$root/scripts/ops/check_k8s.py" "$root/deploy/kubernetes" \
    --eso-manifest "$root/docs/examples/gitops/external-secrets/eso-workload-identity.yaml"
step "promtool check rules (versiond service)" promtool check rules "$mon"/rules/*.rules.yaml
step "promtool test rules (versiond service)" promtool test rules "$mon"/tests/*.test.yaml
step "rule conventions and runbook anchors" \
  "$py" "$root/terraform/observability/tools/check_rules_meta.py" --rules "$mon/rules" \
    --tests "$mon/tests" --runbooks "$root/docs/OPERATIONS.md"
step "dashboard JSON up to date" "$py" "$mon/tools/build_dashboard.py" --check
step "rules and dashboard use versiond's metrics and labels" "$py" "$mon/tools/check_monitoring.py"
step "Jenkinsfiles (brackets, stages, secrets, sh commands, shellcheck)" jenkins_lint
step "actionlint (with shellcheck) on .github/workflows" actionlint_workflows
step "workflow pins, secrets and triggers" \
  "$py" "$root/scripts/ops/check_workflows.py" "$root"/.github/workflows/*.yml \
    --require ci.yml=push,pull_request --require versiond-apply.yml=workflow_call \
    --require versiond-weekly.yml=schedule,workflow_dispatch --require release.yml=push
step "shellcheck scripts/check-ops.sh scripts/ops/*.sh" \
  shellcheck -x -P SCRIPTDIR "$root/scripts/check-ops.sh" "$root"/scripts/ops/*.sh
step "versiond check: VERSIONS.md matches the pins (Dockerfile, deploy/, workflows)" \
  "$build/src/cli/versiond" check --repo "$root"
step "checker self-tests (python unittest)" self_tests

[ "$failed" -eq 0 ] || echo "failed steps: ${failed_steps[*]}"
echo "ops: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
