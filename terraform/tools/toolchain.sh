# shellcheck shell=bash
# Shared paths for build-toolchain.sh and check.sh. Source it; do not run it.
# Every tool lives in $TOOLCHAIN_DIR/<tool>-<version>/bin once built; a
# directory without its .complete stamp is a half-finished build and is
# rebuilt from scratch.

TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TERRAFORM_DIR="$(cd "$TOOLS_DIR/.." && pwd)"
# shellcheck source=versions.env
source "$TOOLS_DIR/versions.env"

VERSIOND_CACHE="${VERSIOND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/versiond}"
TOOLCHAIN_DIR="$VERSIOND_CACHE/toolchain"
# The project's pinned Go (installed by scripts/bootstrap.sh); builds use it
# through use_pinned_go, whatever Go the machine has.
# shellcheck source=../../scripts/go.sh
source "$TERRAFORM_DIR/../scripts/go.sh"

# Tool name -> pinned version, in build order.
TOOLCHAIN_TOOLS=(opentofu azurerm tflint tflint-ruleset-azurerm terraform-docs checkov)

tool_version() {
  case "$1" in
    opentofu) echo "$OPENTOFU_VERSION" ;;
    azurerm) echo "$AZURERM_MODULE_VERSION" ;;
    tflint) echo "$TFLINT_VERSION" ;;
    tflint-ruleset-azurerm) echo "$TFLINT_RULESET_AZURERM_VERSION" ;;
    terraform-docs) echo "$TERRAFORM_DOCS_VERSION" ;;
    checkov) echo "$CHECKOV_VERSION" ;;
    *) echo "unknown tool: $1" >&2; return 1 ;;
  esac
}

tool_dir() { echo "$TOOLCHAIN_DIR/$1-$(tool_version "$1")"; }
tool_ready() { [ -f "$(tool_dir "$1")/.complete" ]; }

# tflint finds a plugin pinned with source+version in .tflint.hcl at
# <plugin dir>/<source>/<version>/tflint-ruleset-<name>; the version there has
# no leading "v".
tflint_plugin_dir() { echo "$(tool_dir tflint-ruleset-azurerm)/plugins"; }
tflint_plugin_path() {
  echo "$(tflint_plugin_dir)/github.com/terraform-linters/tflint-ruleset-azurerm/${TFLINT_RULESET_AZURERM_VERSION#v}/tflint-ruleset-azurerm"
}
