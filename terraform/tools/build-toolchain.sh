#!/usr/bin/env bash
# Builds the offline Terraform toolchain from pinned sources into the cache:
#   ${VERSIOND_CACHE:-~/.cache/versiond}/toolchain/<tool>-<version>/bin
# OpenTofu, the azurerm provider, tflint, its azurerm ruleset and
# terraform-docs come from their Go modules; checkov comes from its Python
# package in a venv. Pins are in versions.env.
#
# Usage: build-toolchain.sh [tool...]   (default: all, in versions.env order)
#
# Idempotent: a tool whose directory has a .complete stamp is reused, so a
# second run takes seconds. The stamp names the tool's pin (and, for
# information, the Go that built it); a tool built by another Go stays valid
# until its pin changes. Go builds use the project's pinned Go and its caches
# under $VERSIOND_CACHE/go (scripts/go.sh); scripts/bootstrap.sh empties those
# caches after building. Each
# build is timed with /usr/bin/time -v when it exists; the numbers land in
# <tool dir>/build-time.txt and are summarised on stderr.
# Builds run at niceness 10 (or the caller's, if higher) with at most
# VERSIOND_GO_JOBS (default 2) parallel compiles, and one at a time (a lock
# serialises concurrent runs).
set -euo pipefail
# shellcheck source=toolchain.sh
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"

log() { printf '[toolchain] %s\n' "$*" >&2; }
die() { printf '[toolchain] error: %s\n' "$*" >&2; exit 1; }

export GOTOOLCHAIN=local
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-p=${VERSIOND_GO_JOBS:-2}"
export CGO_ENABLED=0

# go_module_dir MODULE@VERSION: downloads the module and prints its
# (read-only) directory in the module cache.
go_module_dir() {
  local json dir
  json="$(go mod download -json "$1")" || die "go mod download $1 failed"
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$dir" ] && [ -d "$dir" ] || die "no module directory for $1: $json"
  printf '%s\n' "$dir"
}

# go_install OUT_BIN MODULE@VERSION [ldflags]: builds a module's main package
# straight from the module cache. Only works for modules without replace
# directives in their go.mod.
go_install() {
  local out="$1" target="$2" ldflags="${3:-}"
  mkdir -p "$out"
  GOBIN="$out" go install -trimpath -ldflags "-s -w $ldflags" "$target"
}

# go_build_copy OUT_BINARY MODULE@VERSION PACKAGE [ldflags]: builds from a
# writable copy of the module's source. Needed where `go install mod@ver`
# refuses: a go.mod with replace directives (OpenTofu), or a module whose
# version list the proxy will not serve (go install looks up deprecations).
go_build_copy() {
  local out="$1" target="$2" pkg="$3" ldflags="${4:-}" src work
  src="$(go_module_dir "$target")"
  work="$(dirname "$out")/../src"
  rm -rf "$work"
  cp -r "$src" "$work"
  chmod -R u+w "$work"
  (cd "$work" && go build -trimpath -ldflags "-s -w $ldflags" -o "$out" "$pkg")
  rm -rf "$work"
}

build_opentofu() {
  local out="$1"
  go_build_copy "$out/bin/tofu" "github.com/opentofu/opentofu@$OPENTOFU_VERSION" ./cmd/tofu \
    "-X github.com/opentofu/opentofu/version.dev=no"
  "$out/bin/tofu" version
}

build_azurerm() {
  local out="$1"
  go_install "$out/bin" "github.com/hashicorp/terraform-provider-azurerm@$AZURERM_MODULE_VERSION" \
    "-X github.com/hashicorp/terraform-provider-azurerm/version.ProviderVersion=$AZURERM_SCHEMA_BASE+${AZURERM_MODULE_VERSION##*-}"
  [ -x "$out/bin/terraform-provider-azurerm" ] || die "azurerm provider binary missing"
}

build_tflint() {
  local out="$1"
  go_install "$out/bin" "github.com/terraform-linters/tflint@$TFLINT_VERSION"
  "$out/bin/tflint" --version
}

build_tflint-ruleset-azurerm() {
  local out="$1" dest
  go_build_copy "$out/bin/tflint-ruleset-azurerm" \
    "github.com/terraform-linters/tflint-ruleset-azurerm@$TFLINT_RULESET_AZURERM_VERSION" .
  dest="$(tflint_plugin_path)"
  mkdir -p "$(dirname "$dest")"
  cp "$out/bin/tflint-ruleset-azurerm" "$dest"
}

build_terraform-docs() {
  local out="$1"
  go_build_copy "$out/bin/terraform-docs" "github.com/terraform-docs/terraform-docs@$TERRAFORM_DOCS_VERSION" .
  "$out/bin/terraform-docs" --version
}

build_checkov() {
  local out="$1"
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install --disable-pip-version-check --no-input -q "checkov==$CHECKOV_VERSION"
  mkdir -p "$out/bin"
  ln -sf ../venv/bin/checkov "$out/bin/checkov"
  CKV_SKIP_PACKAGE_UPDATE_CHECK=true BC_SKIP_MAPPING=TRUE "$out/bin/checkov" --version
}

# Internal entry point: `build-toolchain.sh __build TOOL DIR` runs one builder
# in a child process so /usr/bin/time can measure it.
if [ "${1:-}" = "__build" ]; then
  "build_$2" "$3"
  exit 0
fi

build_one() {
  local tool="$1" dir start end
  dir="$(tool_dir "$tool")"
  if [ -f "$dir/.complete" ]; then
    log "$tool $(tool_version "$tool"): cached in $dir"
    return 0
  fi
  log "$tool $(tool_version "$tool"): building into $dir"
  # Build in place (a Python venv cannot be moved) and stamp at the end, so
  # an interrupted build is simply redone.
  rm -rf "$dir"
  mkdir -p "$dir/bin"
  start="$(date +%s)"
  # Niceness 10, or what we already have when a caller niced us further
  # (nice -n adds up; a build at 19 starves on a shared machine).
  local adj=$((10 - $(nice)))
  [ "$adj" -ge 0 ] || adj=0
  if [ -x /usr/bin/time ]; then
    nice -n "$adj" /usr/bin/time -v -o "$dir/build-time.txt" bash "${BASH_SOURCE[0]}" __build "$tool" "$dir" \
      || die "$tool build failed (details above; timing in $dir/build-time.txt)"
  else
    nice -n "$adj" bash "${BASH_SOURCE[0]}" __build "$tool" "$dir" || die "$tool build failed"
  fi
  end="$(date +%s)"
  local rss="n/a"
  if [ -f "$dir/build-time.txt" ]; then
    rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/build-time.txt")"
    rss="$((rss / 1024)) MiB"
  fi
  printf '%s\t%s\t%ss\t%s\t%s\n' "$tool" "$(tool_version "$tool")" "$((end - start))" "$rss" \
    "$(go env GOVERSION)" > "$dir/.complete"
  log "$tool: built in $((end - start))s, peak RSS of the largest process $rss"
}

main() {
  local tools=("$@") tool
  [ ${#tools[@]} -gt 0 ] || tools=("${TOOLCHAIN_TOOLS[@]}")
  for tool in "${tools[@]}"; do tool_version "$tool" >/dev/null || die "unknown tool $tool"; done
  use_pinned_go || exit 1
  command -v python3 >/dev/null || die "python3 is not installed (Debian packages 'python3', 'python3-venv'; run scripts/bootstrap.sh)"
  mkdir -p "$TOOLCHAIN_DIR"
  exec 9>"$TOOLCHAIN_DIR/.lock"
  flock 9
  for tool in "${tools[@]}"; do build_one "$tool"; done
  log "ready: ${tools[*]}"
}

main "$@"
