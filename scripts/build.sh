#!/usr/bin/env bash
# Configures and builds versiond (warnings are errors) into build/ci.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
BUILD_DIR="${BUILD_DIR:-$VERSIOND_ROOT/build/ci}"
need_cmd cmake cmake
need_cmd ninja ninja-build
need_cmd c++ build-essential
cmake -S "$VERSIOND_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVERSIOND_WERROR=ON -DVERSIOND_FAULT_POINTS=ON >/dev/null
ninja -C "$BUILD_DIR"
