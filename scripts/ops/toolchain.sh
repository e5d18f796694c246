#!/usr/bin/env bash
# Builds and caches actionlint (the GitHub Actions workflow linter) the way
# terraform/observability/tools/toolchain.sh builds kubeconform: from its Go
# module at a pinned version, with the project's pinned Go (scripts/go.sh,
# installed by scripts/bootstrap.sh), through the Go module proxy configured
# for this machine. Lands in $VERSIOND_CACHE/toolchain/actionlint-<version>/;
# a second run only checks the cached binary. Prints ACTIONLINT=<path>.
set -euo pipefail

ACTIONLINT_VERSION="v1.7.12"

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/go.sh
source "$here/../go.sh"
cache="$VERSIOND_CACHE/toolchain"
al_dir="$cache/actionlint-$ACTIONLINT_VERSION"

if [ ! -x "$al_dir/actionlint" ]; then
  use_pinned_go || { echo "error: Go is needed once to build actionlint" >&2; exit 1; }
  mkdir -p "$cache"
  tmp="$(mktemp -d "$cache/.actionlint.XXXXXX")"
  echo "building actionlint $ACTIONLINT_VERSION" >&2
  # -p 1: one compile job at a time (the machines are small and shared).
  GOBIN="$tmp" GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0 \
    "$VERSIOND_GOROOT/bin/go" install -p 1 "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" \
    || { rm -rf "$tmp"; echo "error: building actionlint $ACTIONLINT_VERSION failed" >&2; exit 1; }
  rm -rf "$al_dir"
  mv "$tmp" "$al_dir"
fi

version="$("$al_dir/actionlint" -version | head -n 1)"
[ "$version" = "$ACTIONLINT_VERSION" ] \
  || { echo "error: $al_dir/actionlint reports '$version', expected $ACTIONLINT_VERSION" >&2; exit 1; }
echo "ACTIONLINT=$al_dir/actionlint"
