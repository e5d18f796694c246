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

# disk_check MIN_GIB: names the free space where the checkout and the caches
# live, and warns when it is below MIN_GIB (a whole test run needs about
# 8 GiB of build trees besides the caches): a full disk otherwise shows up
# only as a linker error somewhere in the middle of a build.
disk_check() {
  local min_gib="$1" avail_kib dir
  for dir in "$VERSIOND_ROOT" "$(dirname "$VERSIOND_CACHE")"; do
    [ -d "$dir" ] || continue
    avail_kib=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
    log "free space at $dir: $((avail_kib / 1024 / 1024)) GiB"
    if [ "$avail_kib" -lt $((min_gib * 1024 * 1024)) ]; then
      log "WARNING: less than $min_gib GiB free at $dir; builds may fail with 'No space left on device'"
    fi
  done
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

# sanitizer_setup PROBE...: prepares this shell to run sanitizer-built
# programs, working around what commonly breaks their runtimes on CI machines,
# and says what it changed. PROBE is a command of a sanitizer-built program
# that should succeed (run once here). Sets SANITIZER_RUN, a prefix array to
# run such programs with.
#  - ASan, LSan and TSan reserve terabytes of address space for shadow memory:
#    a soft virtual-memory limit (ulimit -v) is raised to the hard one.
#  - clang 14's and GCC 12's runtimes fail at random where the kernel gives
#    mmap 32 bits of randomness: programs run without address randomisation
#    (setarch -R) wherever the kernel and seccomp allow it.
#  - LeakSanitizer cannot stop the world under ptrace or some sandboxes; if the
#    probe shows that, leak checking is turned off with a notice on stderr (the
#    rest of the sanitizer checks still run), never silently.
# Fails, naming the cause, when the probe cannot run at all.
sanitizer_setup() {
  local soft hard out
  soft=$(ulimit -S -v) hard=$(ulimit -H -v)
  if [ "$soft" != unlimited ]; then
    if ulimit -S -v "$hard" 2>/dev/null && [ "$hard" != "$soft" ]; then
      log "sanitizers: virtual memory limit $soft KiB raised to $hard"
    fi
  fi
  SANITIZER_RUN=()
  if setarch "$(uname -m)" -R true 2>/dev/null; then
    SANITIZER_RUN=(setarch "$(uname -m)" -R)
  else
    log "sanitizers: cannot turn off address randomisation here; running with it"
  fi
  if out=$("${SANITIZER_RUN[@]}" "$@" 2>&1); then
    return 0
  fi
  if grep -q 'LeakSanitizer has encountered a fatal error\|LeakSanitizer does not work under ptrace' <<<"$out"; then
    log "sanitizers: NOTICE: LeakSanitizer cannot run on this machine (ptrace or sandbox);" \
      "leak checking is OFF for this run, every other sanitizer check is on"
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
    export ASAN_OPTIONS
    "${SANITIZER_RUN[@]}" "$@" >/dev/null 2>&1 && return 0
  fi
  printf '%s\n' "$out" | tail -n 20 >&2
  die "sanitizers: a sanitizer-built program cannot start here (ulimit -v $(ulimit -S -v), vm.mmap_rnd_bits $(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo '?')): see above"
}
