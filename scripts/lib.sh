# Shared helpers for the scripts in this folder. Source it; do not run it.
set -euo pipefail

VERSIOND_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Tool builds (Go, Python venvs) are cached outside the checkout so fresh
# clones on the same machine reuse them; override with VERSIOND_CACHE.
VERSIOND_CACHE="${VERSIOND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/versiond}"
export VERSIOND_ROOT VERSIOND_CACHE

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages named in a list file (skipping installed ones).
apt_install_list() {
  local list="$1" missing=() pkg
  while read -r pkg; do
    pkg="${pkg%%#*}"; pkg="${pkg//[[:space:]]/}"
    [ -n "$pkg" ] || continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done < "$list"
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}
