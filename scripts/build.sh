#!/usr/bin/env bash
# Configures and builds versiond (warnings are errors) into build/ci.
source "$(dirname "$0")/lib.sh"
BUILD_DIR="${BUILD_DIR:-$VERSIOND_ROOT/build/ci}"
cmake -S "$VERSIOND_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVERSIOND_WERROR=ON >/dev/null
ninja -C "$BUILD_DIR"
