# shellcheck shell=bash
# The project's Go toolchain: its pin and where it lives. Source it; do not
# run it. scripts/lib.sh, terraform/tools/toolchain.sh and
# terraform/observability/tools/toolchain.sh read it, and
# scripts/bootstrap.sh installs what it pins.
#
# Every Go build of the project (the Terraform toolchain, kubeconform) uses
# this Go, whatever Go the machine has, so every machine builds the same way.
# It is the official distribution, fetched as the Go module
# golang.org/toolchain through the module proxy the machine is configured for
# (any Go, even Debian 12's 1.19, can fetch it) and checked against the h1:
# hash pinned here, on top of the checksum database check Go itself makes.
# It lives in the project cache, never on the system PATH.

# --- the pin (change the version and both hashes together) -----------------
VERSIOND_GO_VERSION=1.26.6
# `go mod download -json golang.org/toolchain@v0.0.1-go<version>.linux-<arch>`
# prints these as "Sum".
# shellcheck disable=SC2034  # read through go_toolchain_sum
VERSIOND_GO_SUM_amd64='h1:owmNw4SPM9h46FGOeGJVUWzFEEDSmO6g7gAtWoXp28s='
# shellcheck disable=SC2034
VERSIOND_GO_SUM_arm64='h1:YU5g0Kv9+YZGTJQ8l89vdVDpHOHzXHCuxsoUJm1d1TU='
# ---------------------------------------------------------------------------

VERSIOND_CACHE="${VERSIOND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/versiond}"
# GOROOT of the pinned Go, and the Go caches of the project's builds (kept
# apart from the user's own ~/go and ~/.cache/go-build so they can be cleaned).
VERSIOND_GO_HOME="$VERSIOND_CACHE/go"
VERSIOND_GOROOT="$VERSIOND_GO_HOME/go$VERSIOND_GO_VERSION"

# go_arch: the Go name of this machine's architecture (amd64, arm64).
go_arch() {
  case "$(uname -m)" in
    x86_64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) echo "unsupported:$(uname -m)" ;;
  esac
}

# go_toolchain_module: the module that carries the pinned Go for this machine.
go_toolchain_module() {
  echo "golang.org/toolchain@v0.0.1-go$VERSIOND_GO_VERSION.linux-$(go_arch)"
}

# go_toolchain_sum: the pinned h1: hash of that module.
go_toolchain_sum() {
  local var
  var="VERSIOND_GO_SUM_$(go_arch)"
  echo "${!var:-}"
}

pinned_go_ready() {
  [ -f "$VERSIOND_GOROOT/.complete" ] && [ -x "$VERSIOND_GOROOT/bin/go" ]
}

# use_pinned_go: puts the pinned Go first on PATH for this process and its
# children, with the project's Go caches; fails with how to install it when
# it is missing.
use_pinned_go() {
  if ! pinned_go_ready; then
    printf 'error: Go %s is not installed in %s (needed to build the Terraform toolchain and kubeconform); run scripts/bootstrap.sh, which fetches it through the Go module proxy\n' \
      "$VERSIOND_GO_VERSION" "$VERSIOND_GOROOT" >&2
    return 1
  fi
  case ":$PATH:" in
    *":$VERSIOND_GOROOT/bin:"*) ;;
    *) PATH="$VERSIOND_GOROOT/bin:$PATH" ;;
  esac
  GOTOOLCHAIN=local
  GOROOT="$VERSIOND_GOROOT"
  GOCACHE="$VERSIOND_GO_HOME/build-cache"
  GOMODCACHE="$VERSIOND_GO_HOME/mod"
  export PATH GOTOOLCHAIN GOROOT GOCACHE GOMODCACHE
}

# clean_go_caches: empties the project's Go build and module caches, which
# only speed up a rebuild after a pin bump and take several GB after a cold
# build of the Terraform toolchain. VERSIOND_KEEP_GO_CACHES=1 keeps them.
clean_go_caches() {
  local dir size
  [ "${VERSIOND_KEEP_GO_CACHES:-0}" = 1 ] && return 0
  for dir in "$VERSIOND_GO_HOME/build-cache" "$VERSIOND_GO_HOME/mod"; do
    [ -d "$dir" ] || continue
    size="$(du -sh "$dir" 2>/dev/null | cut -f1)"
    chmod -R u+w "$dir"
    rm -rf "$dir"
    printf '==> removed %s (%s; VERSIOND_KEEP_GO_CACHES=1 keeps it)\n' "$dir" "$size" >&2
  done
}
