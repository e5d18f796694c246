#!/usr/bin/env bash
# README command 1: install dependencies, build versiond, run the main job on
# this repository.
source "$(dirname "$0")/lib.sh"
"$VERSIOND_ROOT/scripts/bootstrap.sh"
"$VERSIOND_ROOT/scripts/build.sh"
exec "$VERSIOND_ROOT/scripts/main-job.sh"
