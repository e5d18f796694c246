#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian 12 / Ubuntu machine.
# Idempotent: a second run only checks.
source "$(dirname "$0")/lib.sh"
apt_install_list "$VERSIOND_ROOT/scripts/apt-packages.txt"
