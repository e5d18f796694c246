#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format (Debian's, the
# version scripts/apt-packages.txt installs) makes of it with .clang-format.
# Fix with: git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
need_cmd clang-format clang-format
cd "$VERSIOND_ROOT" || exit 1
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cpp' '*.hpp' ':!:tests/fixtures/**')
else  # an exported tree without .git
  mapfile -t files < <(find bench include src tests -path tests/fixtures -prune -o \
    -type f \( -name '*.cpp' -o -name '*.hpp' \) -print | sort)
fi
if [ "${#files[@]}" -eq 0 ]; then
  echo "check-format: no C++ files found under $VERSIOND_ROOT" >&2
  exit 1
fi
if ! clang-format --dry-run --Werror "${files[@]}"; then
  echo "check-format: the files above are not clang-formatted" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files clang-formatted"
