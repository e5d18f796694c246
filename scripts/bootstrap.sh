#!/usr/bin/env bash
# Installs everything scripts/setup.sh and scripts/test.sh need on a bare
# Debian 12 machine, with no manual step before it:
#   1. the Debian packages in scripts/apt-packages.txt;
#   2. the pinned Go (scripts/go.sh) in the project cache, fetched as the Go
#      module golang.org/toolchain by whatever Go the machine has, or by
#      Debian's golang-go (1.19, installed for this) when it has none;
#   3. what is built with that Go: the Terraform toolchain
#      (terraform/tools/build-toolchain.sh), kubeconform with its schemas
#      (terraform/observability/tools/toolchain.sh) and actionlint
#      (scripts/ops/toolchain.sh); then the Go build and
#      module caches are emptied (VERSIOND_KEEP_GO_CACHES=1 keeps them).
# Idempotent: a second run only checks (seconds). Non-interactive; run it as
# root, or as a user who may sudo (apt-get only). Container images and CI
# jobs install through this script too.
#
# VERSIOND_BOOTSTRAP_TOOLCHAINS=0 skips step 3 (the first test run then
# builds the tools instead).
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# go_env_value GO NAME: the value GO's `go env` gives NAME ('' if it fails).
# An unset or unknown setting is an empty answer, not an error (callers fall back).
go_env_value() { GOTOOLCHAIN=local "$1" env "$2" 2>/dev/null || true; }

# find_seed_go: prints a Go able to download a module (any version), or
# nothing. The pinned Go itself does not count: it is what we install.
find_seed_go() {
  local go
  # No go on PATH is the bare-machine case: the loop tries the usual places next.
  for go in "$(command -v go 2>/dev/null || true)" /usr/local/go/bin/go /usr/lib/go/bin/go; do
    if [ -z "$go" ] || [ ! -x "$go" ]; then continue; fi
    [ "$go" = "$VERSIOND_GOROOT/bin/go" ] && continue
    echo "$go"
    return 0
  done
  return 0
}

install_pinned_go() {
  local module sum seed tmp json got dir stage name value
  if pinned_go_ready; then
    log "Go $VERSIOND_GO_VERSION: cached in $VERSIOND_GOROOT"
    return 0
  fi
  module="$(go_toolchain_module)"
  sum="$(go_toolchain_sum)"
  [ -n "$sum" ] || die "no pinned Go for $(uname -m) (scripts/go.sh pins linux amd64 and arm64)"
  seed="$(find_seed_go)"
  if [ -z "$seed" ]; then
    # Debian's Go is too old to build anything here, but it can download.
    apt_install golang-go
    seed=/usr/bin/go
  fi
  log "Go $VERSIOND_GO_VERSION: fetching $module with $("$seed" version)"
  mkdir -p "$VERSIOND_GO_HOME"
  tmp="$(mktemp -d "$VERSIOND_GO_HOME/.download.XXXXXX")"
  # A private module cache, removed afterwards. Run outside any module so no
  # go.mod around the current directory gets involved.
  json="$(cd "$tmp" && GOMODCACHE="$tmp/mod" GOTOOLCHAIN=local GOFLAGS=-mod=mod \
    "$seed" mod download -json "$module")" || {
    chmod -R u+w "$tmp"; rm -rf "$tmp"
    die "could not download $module: ${json:-no output} (module proxy: $(go_env_value "$seed" GOPROXY))"
  }
  got="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Sum": "\(.*\)",\{0,1\}$/\1/p')"
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  if [ "$got" != "$sum" ]; then
    chmod -R u+w "$tmp"; rm -rf "$tmp"
    die "$module has hash '${got:-none}', scripts/go.sh pins '$sum': not installing it"
  fi
  if [ -z "$dir" ] || [ ! -f "$dir/bin/go" ]; then die "no Go distribution in the download: $json"; fi
  # The module cache is read-only and has no execute bits: copy the
  # distribution out and make its programs executable again.
  stage="$VERSIOND_GOROOT.partial"
  rm -rf "$stage"
  cp -r "$dir" "$stage"
  chmod -R u+w "$stage"
  find "$stage/bin" "$stage/pkg/tool" -type f -exec chmod 0755 {} +
  # The distribution's go.env points at the public proxy; let the pinned Go
  # reach modules the way the seed Go does on this machine (environment and
  # the user's `go env -w` settings still take precedence over go.env).
  {
    echo "# Written by scripts/bootstrap.sh: the module settings of the Go that fetched this one."
    for name in GOPROXY GOSUMDB GONOSUMDB GOPRIVATE GONOPROXY GOINSECURE; do
      value="$(go_env_value "$seed" "$name")"
      [ -n "$value" ] && echo "$name=$value"
    done
    echo "GOTOOLCHAIN=local"
  } > "$stage/go.env"
  chmod -R u+w "$tmp"; rm -rf "$tmp"
  "$stage/bin/go" version | grep -q "go$VERSIOND_GO_VERSION " \
    || die "$stage/bin/go does not report go$VERSIOND_GO_VERSION"
  printf '%s\t%s\n' "$module" "$sum" > "$stage/.complete"
  rm -rf "$VERSIOND_GOROOT"
  mv "$stage" "$VERSIOND_GOROOT"
  log "Go $VERSIOND_GO_VERSION: installed in $VERSIOND_GOROOT ($module, $sum)"
}

log "bootstrap: Debian packages"
apt_install_list "$VERSIOND_ROOT/scripts/apt-packages.txt"
log "bootstrap: Go $VERSIOND_GO_VERSION"
install_pinned_go

if [ "${VERSIOND_BOOTSTRAP_TOOLCHAINS:-1}" = 0 ]; then
  log "bootstrap: skipping the Go-built tools (VERSIOND_BOOTSTRAP_TOOLCHAINS=0)"
  exit 0
fi
log "bootstrap: Terraform toolchain"
"$VERSIOND_ROOT/terraform/tools/build-toolchain.sh"
log "bootstrap: kubeconform and Kubernetes schemas"
"$VERSIOND_ROOT/terraform/observability/tools/toolchain.sh" >/dev/null
log "bootstrap: actionlint"
"$VERSIOND_ROOT/scripts/ops/toolchain.sh" >/dev/null
clean_go_caches
