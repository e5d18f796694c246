#!/usr/bin/env bash
# runtime-packages.sh BINARY: prints, one a line and sorted, the Debian
# packages that ship the shared libraries BINARY links directly (its ELF
# NEEDED entries), leaving out those every Debian image has (libc6,
# libgcc-s1, libstdc++6). Used by the Dockerfile's builder stage and by
# scripts/check-ops.sh to keep deploy/container/runtime-packages.txt complete.
set -euo pipefail
bin="${1:?usage: runtime-packages.sh BINARY}"
[ -f "$bin" ] || { echo "error: $bin not found" >&2; exit 1; }
mapfile -t libs < <(readelf -d "$bin" | sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]/\1/p')
[ "${#libs[@]}" -gt 0 ] || { echo "error: $bin links no shared library (not a dynamic ELF binary?)" >&2; exit 1; }
for lib in "${libs[@]}"; do
  # No early exit in awk: ldconfig would die of SIGPIPE, and pipefail fail us.
  path="$(ldconfig -p | awk -v l="$lib" '$1 == l && !found { print $NF; found = 1 }')"
  [ -n "$path" ] || { echo "error: $lib (needed by $bin) is not installed here" >&2; exit 1; }
  # usrmerge: the package may list the file under /lib or /usr/lib.
  pkg="$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null \
    || dpkg -S "${path#/usr}" 2>/dev/null || dpkg -S "/usr$path" 2>/dev/null)" \
    || { echo "error: no Debian package owns $path ($lib)" >&2; exit 1; }
  echo "${pkg%%:*}"
done | grep -v -x -e libc6 -e libgcc-s1 -e libstdc++6 | sort -u
