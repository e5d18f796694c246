#!/usr/bin/env bash
# Proves the README's two commands on a bare Debian 12: builds a minimal root
# with `debootstrap --variant=minbase` (plus git, ca-certificates and sudo),
# puts a clean clone of the current commit in a new user's home, and runs in
# it, as that user (who may sudo) through chroot:
#   1. ./scripts/setup.sh
#   2. ./scripts/test.sh
#   3. ./scripts/setup.sh again (a repeat run must reuse what was built)
# It prints each command's exit code and wall time and the disk the user's
# caches take, and exits 0 only when every command exits 0.
#
# The root gets this machine's package access, copied at run time: its apt
# sources and Acquire settings, its extra CA certificates (a TLS-inspecting
# proxy works), /etc/pip.conf and PIP_* settings, the Go module settings
# (GOPROXY, GOSUMDB, ... from the environment or this machine's `go env`;
# GOFLAGS from the environment), and http(s)_proxy/no_proxy.
#
# Run it as root on a Debian machine; it takes as long as a cold build of
# everything (30-60 minutes on 2 busy cores) and needs about 10 GB free under
# VERSIOND_FM_DIR. Knobs:
#   VERSIOND_FM_DIR=/var/tmp/versiond-fresh-machine  where the root is built
#   VERSIOND_FM_USER=dev      the user running the commands (root: as root)
#   VERSIOND_FM_STOP_AFTER=setup   stop after the first setup.sh
#   VERSIOND_FM_ENV="A=1 B=2" extra environment for the commands
#   VERSIOND_FM_KEEP=1        keep the root afterwards (default: removed)
# Logs: <VERSIOND_FM_DIR>/<run>/{setup,test,setup-again}.log.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

FM_DIR="${VERSIOND_FM_DIR:-/var/tmp/versiond-fresh-machine}"
FM_USER="${VERSIOND_FM_USER:-dev}"
SUITE=bookworm

[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap, mounts and chroot need it)"
command -v git >/dev/null || die "git is not installed (Debian package 'git')"
apt_install debootstrap

commit="$(git -C "$VERSIOND_ROOT" rev-parse HEAD)"
if [ -n "$(git -C "$VERSIOND_ROOT" status --porcelain --untracked-files=no)" ]; then
  log "note: the checkout has uncommitted changes; the check runs commit ${commit:0:12} without them"
fi

# --- the host's Debian mirror ----------------------------------------------
# host_mirror: the first URI of a `deb` source for $SUITE in this machine's
# apt configuration (one-line or deb822 format).
host_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v s="$SUITE" '$1 == "deb" {
        i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == s) { print $i; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v s="$SUITE" '
      function flush() { if (deb && suite && uri != "" && !done) { print uri; done = 1 } deb = suite = 0; uri = "" }
      /^[[:space:]]*$/ { flush(); next }
      /^Types:/ { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) suite = 1 }
      /^Enabled:[[:space:]]*no/ { deb = 0 }
      END { flush() }' "$f"
  done
}
mirror="$(host_mirror | head -n 1)"
[ -n "$mirror" ] || die "no 'deb' source for $SUITE in this machine's apt configuration"

# --- the root, its mounts and their reliable removal --------------------------
mkdir -p "$FM_DIR"
work="$(mktemp -d "$FM_DIR/run.$(date -u +%Y%m%dT%H%M%S).XXXX")"
root="$work/root"

# shellcheck disable=SC2317
mounts_under_root() { findmnt -rn -o TARGET | awk -v r="$root" 'index($0, r "/") == 1' | sort -r; }
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
  local m _
  for _ in 1 2 3; do
    while read -r m; do
      # Cleanup is best effort per mount; the root is removed only when nothing is left mounted.
      if [ -n "$m" ]; then umount -l "$m" 2>/dev/null || true; fi
    done < <(mounts_under_root)
    [ -z "$(mounts_under_root)" ] && break
    sleep 1
  done
  if [ -n "$(mounts_under_root)" ]; then
    log "mounts left under $root, not removing it: $(mounts_under_root | tr '\n' ' ')"
  elif [ "${VERSIOND_FM_KEEP:-0}" = 1 ]; then
    log "kept $root (VERSIOND_FM_KEEP=1)"
  else
    rm -rf "$root"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "debootstrap --variant=minbase $SUITE into $root (the host's Debian mirror)"
t0="$(date +%s)"
nice -n 10 debootstrap --variant=minbase --include=git,ca-certificates,sudo \
  "$SUITE" "$root" "$mirror" > "$work/debootstrap.log" 2>&1 \
  || { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap failed (log: $work/debootstrap.log)"; }
log "debootstrap: $(( $(date +%s) - t0 ))s"

# copy_in PATH: copies a host file or directory to the same path in the root.
copy_in() {
  mkdir -p "$root$(dirname "$1")"
  cp -a -L "$1" "$root$1"
}

# Apt: the host's sources, keyrings they name, and Acquire settings (proxy,
# snapshot validity); nothing else of the host's apt configuration.
rm -f "$root/etc/apt/sources.list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  copy_in "$f"
  sed -n -e 's/^Signed-By:[[:space:]]*\(\/.*\)$/\1/p' -e 's/.*signed-by=\([^] ]*\).*/\1/p' "$f" |
    while read -r key; do
      if [ -f "$key" ] && [ ! -e "$root$key" ]; then copy_in "$key"; fi
    done
done
for f in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
  [ -f "$f" ] && grep -q 'Acquire' "$f" && copy_in "$f"
done
# Name resolution as on the host.
rm -f "$root/etc/resolv.conf"
copy_in /etc/resolv.conf
[ -f /etc/hosts ] && copy_in /etc/hosts
# The host's extra CA certificates, into the root's trust store.
if compgen -G '/usr/local/share/ca-certificates/*' >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp -a -L /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
fi
chroot "$root" update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates failed in the root"
# pip: its configuration file and the PIP_* settings (and files they name).
[ -f /etc/pip.conf ] && copy_in /etc/pip.conf
run_env=(
  "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  "LANG=C.UTF-8" "TERM=dumb"
)
while IFS='=' read -r name value; do
  case "$name" in PIP_*) ;; *) continue ;; esac
  run_env+=("$name=$value")
  if [[ "$value" == /* ]] && [ -e "$value" ] && [ ! -e "$root$value" ]; then copy_in "$value"; fi
done < <(env)
for name in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY GOFLAGS; do
  [ -n "${!name:-}" ] && run_env+=("$name=${!name}")
done
# Go module settings: the environment's, else what this machine's Go uses
# (a system Go may carry them in its own go.env).
# A host without Go is fine: its Go settings are then just not copied into the root.
host_go="$(command -v go 2>/dev/null || true)"
[ -n "$host_go" ] || { [ -x /usr/local/go/bin/go ] && host_go=/usr/local/go/bin/go; } || true
for name in GOPROXY GOSUMDB GONOSUMDB GOPRIVATE GONOPROXY GOINSECURE; do
  value="${!name:-}"
  if [ -z "$value" ] && [ -n "$host_go" ]; then value="$("$host_go" env "$name" 2>/dev/null || true)"; fi
  [ -n "$value" ] && run_env+=("$name=$value")
done
# shellcheck disable=SC2086  # VERSIOND_FM_ENV is a space-separated list
for kv in ${VERSIOND_FM_ENV:-}; do run_env+=("$kv"); done

mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"

# The user and a clean clone of the commit.
if [ "$FM_USER" = root ]; then
  home=/root
else
  chroot "$root" useradd -m -s /bin/bash "$FM_USER"
  echo "$FM_USER ALL=(ALL) NOPASSWD: ALL" > "$root/etc/sudoers.d/$FM_USER"
  chmod 0440 "$root/etc/sudoers.d/$FM_USER"
  home="/home/$FM_USER"
fi
git clone -q --no-hardlinks "$VERSIOND_ROOT" "$root$home/versiond"
git -C "$root$home/versiond" checkout -q --detach "$commit"
chroot "$root" chown -R "$FM_USER:" "$home/versiond"
run_env+=("HOME=$home" "USER=$FM_USER" "LOGNAME=$FM_USER")

# in_root CMD: runs a shell command line in the clone, as the user.
in_root() {
  local as=()
  [ "$FM_USER" = root ] || as=(/usr/sbin/runuser -u "$FM_USER" --)
  nice -n 10 chroot "$root" "${as[@]}" /usr/bin/env -i "${run_env[@]}" \
    /bin/bash -c "cd ~/versiond && $1"
}

fmt_time() { printf '%dm%02ds' "$(( $1 / 60 ))" "$(( $1 % 60 ))"; }
results=() overall=0
# run_step NAME CMD: runs CMD in the root, logging to <work>/<NAME>.log.
run_step() {
  local name="$1" cmd="$2" start rc secs
  log "$name: $cmd (log: $work/$name.log)"
  start="$(date +%s)"
  rc=0
  in_root "$cmd" > >(tee "$work/$name.log") 2>&1 || rc=$?
  secs=$(( $(date +%s) - start ))
  results+=("$(printf '%-12s %-22s exit %-3s %s' "$name" "$cmd" "$rc" "$(fmt_time "$secs")")")
  [ "$rc" -eq 0 ] || overall=1
}

run_step setup ./scripts/setup.sh
if [ "${VERSIOND_FM_STOP_AFTER:-}" != setup ]; then
  run_step test ./scripts/test.sh
  run_step setup-again ./scripts/setup.sh
fi
sleep 1  # let tee finish

disk() { du -sh "$root$1" 2>/dev/null | cut -f1 || echo n/a; }
echo
echo "fresh-machine-check: commit $commit, Debian 12 ($SUITE) minbase + git, ca-certificates, sudo; user $FM_USER; chroot"
echo "started $(date -u -d "@$t0" '+%Y-%m-%d %H:%M UTC'), finished $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '  %s\n' "${results[@]}"
echo "disk: ~/.cache/versiond $(disk "$home/.cache/versiond"), ~/.cache $(disk "$home/.cache"), ~/go $(disk "$home/go"), checkout (with build/) $(disk "$home/versiond"), whole root $(du -sh "$root" 2>/dev/null | cut -f1)"
if [ -d "$root$home/.cache/versiond" ]; then
  echo "  in ~/.cache/versiond: $(cd "$root$home/.cache/versiond" && du -sh -- * 2>/dev/null | tr '\t\n' ' ')"
fi
if [ "$overall" -eq 0 ]; then echo "result: PASS"; else echo "result: FAIL"; fi
exit "$overall"
