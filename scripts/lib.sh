# shellcheck shell=bash
# Shared helpers for the scripts in this folder. Source it; do not run it.
set -euo pipefail

VERSIOND_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Tool builds (Go, Python venvs) are cached outside the checkout so fresh
# clones on the same machine reuse them; override with VERSIOND_CACHE.
VERSIOND_CACHE="${VERSIOND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/versiond}"
export VERSIOND_ROOT VERSIOND_CACHE
# shellcheck source=go.sh
source "$VERSIOND_ROOT/scripts/go.sh"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# need_cmd TOOL PACKAGE: fails, saying how to install it, when TOOL is missing.
need_cmd() {
  command -v "$1" >/dev/null 2>&1 \
    || die "$1 is not installed (Debian package '$2'): run scripts/bootstrap.sh"
}

# as_root CMD...: runs CMD as root: directly when we are root, else through
# sudo (never interactive prompts beyond sudo's own password question).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "'$*' needs root: run as root, or install sudo (Debian package 'sudo') and run as a user who may use it"
  fi
}

# apt_install PKG...: installs the Debian packages among PKG that are not
# installed yet (non-interactive; nothing to do when all are there).
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# apt_install_list FILE: apt_install for the packages named in a list file
# (one a line, comments allowed).
apt_install_list() {
  local list="$1" pkgs=() pkg
  while read -r pkg; do
    pkg="${pkg%%#*}"; pkg="${pkg//[[:space:]]/}"
    [ -n "$pkg" ] || continue
    pkgs+=("$pkg")
  done < "$list"
  apt_install "${pkgs[@]}"
}
