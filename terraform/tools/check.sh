#!/usr/bin/env bash
# Offline quality gate for terraform/modules and terraform/examples, run by
# scripts/test.sh (and so by .ci/run). Builds or reuses the pinned toolchain
# (build-toolchain.sh), then runs, printing PASS/FAIL per step:
#   fmt -check, get + validate (module and each example), test (module and
#   examples), tflint (azurerm ruleset), checkov, terraform-docs freshness.
# Uses `terraform` when it is on PATH, else the OpenTofu build (override with
# VERSIOND_TF_CLI=/path/to/binary). The azurerm provider is the local build,
# wired in through dev_overrides in a CLI config used only here, so the
# committed lock files keep the official hashes and `init` never runs.
# Nothing is written into the checkout: data dirs live in a temp directory.
# Exits non-zero if any step fails; a tool that cannot be built is a failure.
set -uo pipefail
# shellcheck source=toolchain.sh
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"

pass=0 fail=0 failed_steps=()
step() {
  local name="$1"; shift
  printf '\n--- %s\n' "$name"
  if "$@"; then
    printf -- '--- PASS: %s\n' "$name"; pass=$((pass + 1))
  else
    printf -- '--- FAIL: %s\n' "$name"; fail=$((fail + 1)); failed_steps+=("$name")
  fi
}
finish() {
  printf '\nterraform checks: %s\n' "${failed_steps[*]:+failed: ${failed_steps[*]}}"
  printf '%d passed, %d failed\n' "$pass" "$fail"
  [ "$fail" -eq 0 ]
  exit $?
}

if ! "$TOOLS_DIR/build-toolchain.sh"; then
  printf -- '--- FAIL: toolchain build (see above)\n'
  fail=$((fail + 1)); failed_steps+=("toolchain")
  finish
fi

# Every CLI available runs validate and test: Terraform when it is on PATH,
# and always the OpenTofu build, so the module is proven on both. Set
# VERSIOND_TF_CLI to run just one binary.
CLIS=()
if [ -n "${VERSIOND_TF_CLI:-}" ]; then
  CLIS+=("$VERSIOND_TF_CLI")
else
  if command -v terraform >/dev/null 2>&1; then CLIS+=("$(command -v terraform)"); fi
  CLIS+=("$(tool_dir opentofu)/bin/tofu")
fi
TF="${CLIS[0]}"
TFLINT="$(tool_dir tflint)/bin/tflint"
TFDOCS="$(tool_dir terraform-docs)/bin/terraform-docs"
CHECKOV="$(tool_dir checkov)/bin/checkov"
PROVIDER_DIR="$(tool_dir azurerm)/bin"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Both hostnames: Terraform resolves hashicorp/azurerm to
# registry.terraform.io, OpenTofu to registry.opentofu.org.
cat > "$WORK/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/hashicorp/azurerm" = "$PROVIDER_DIR"
    "registry.opentofu.org/hashicorp/azurerm" = "$PROVIDER_DIR"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$WORK/cli.tfrc"
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export CKV_SKIP_PACKAGE_UPDATE_CHECK=true BC_SKIP_MAPPING=TRUE

MODULE_DIR="$TERRAFORM_DIR/modules/aks_spoke"
ROOTS=("$MODULE_DIR")
for d in "$TERRAFORM_DIR"/examples/*/; do ROOTS+=("${d%/}"); done

for cli in "${CLIS[@]}"; do echo "cli: $("$cli" version | head -1) ($cli)"; done
echo "azurerm provider: $(tool_version azurerm) (schema base $AZURERM_SCHEMA_BASE) from $PROVIDER_DIR"

# tf ROOT ARGS...: runs the CLI $TF in ROOT with a private data dir (one per
# CLI and root), so module installs never land in the checkout.
tf() {
  local root="$1"; shift
  local data
  data="$WORK/data/$(basename "$TF")/$(basename "$root")"
  mkdir -p "$data"
  (cd "$root" && TF_DATA_DIR="$data" "$TF" "$@")
}

check_fmt() {
  "$TF" fmt -check -recursive -diff "$TERRAFORM_DIR/modules" && "$TF" fmt -check -recursive -diff "$TERRAFORM_DIR/examples"
}

# The module declares `configuration_aliases` (azurerm.shared_vault), and
# Terraform cannot validate such a module as a root ("Provider configuration
# not present"). It is validated through a generated root that calls it the
# way a caller does, passing both provider configurations and the required
# inputs; the examples and the tests (mock providers) cover it as well.
module_wrapper() {
  local wrapper="$WORK/wrapper"
  mkdir -p "$wrapper"
  cat > "$wrapper/main.tf" <<HCL
terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
  }
}

provider "azurerm" {
  features {}
}

provider "azurerm" {
  alias = "shared_vault"
  features {}
}

module "aks_spoke" {
  source = "$MODULE_DIR"
  providers = {
    azurerm              = azurerm
    azurerm.shared_vault = azurerm.shared_vault
  }

  name                            = "rc-validate"
  environment                     = "ci"
  location                        = "westeurope"
  admin_group_object_ids          = ["00000000-0000-0000-0000-000000000000"]
  api_server_authorized_ip_ranges = ["198.51.100.0/24"]
}
HCL
  echo "$wrapper"
}

# `get` installs local modules (also those named by tests) without touching
# the lock file or any registry; `init` would try both.
check_validate() {
  local root dir rc=0
  for root in "${ROOTS[@]}"; do
    dir="$root"
    if [ "$root" = "$MODULE_DIR" ]; then
      echo "validate ${root#"$TERRAFORM_DIR"/} (through a calling root, see module_wrapper)"
      dir="$(module_wrapper)"
    else
      echo "validate ${root#"$TERRAFORM_DIR"/}"
    fi
    tf "$dir" get -no-color >/dev/null || { rc=1; continue; }
    tf "$dir" validate -no-color || rc=1
  done
  return $rc
}

check_test() {
  local root rc=0
  for root in "${ROOTS[@]}"; do
    [ -d "$root/tests" ] || continue
    echo "test ${root#"$TERRAFORM_DIR"/}"
    tf "$root" get -no-color >/dev/null || { rc=1; continue; }
    tf "$root" test -no-color || rc=1
  done
  return $rc
}

# The .tflint.hcl pins the ruleset by source+version; tflint then runs the
# binary at <plugin dir>/<source>/<version>/ without --init or signatures.
check_tflint() {
  [ -x "$(tflint_plugin_path)" ] || { echo "ruleset missing at $(tflint_plugin_path)"; return 1; }
  local root rc=0
  for root in "${ROOTS[@]}"; do
    echo "tflint ${root#"$TERRAFORM_DIR"/}"
    TFLINT_PLUGIN_DIR="$(tflint_plugin_dir)" "$TFLINT" --chdir="$root" \
      --config="$TERRAFORM_DIR/.tflint.hcl" --format=compact --no-color || rc=1
  done
  return $rc
}

check_checkov() {
  "$CHECKOV" --config-file "$TERRAFORM_DIR/.checkov.yaml" \
    --directory "$MODULE_DIR" --directory "$TERRAFORM_DIR/examples"
}

check_docs() {
  (cd "$MODULE_DIR" && "$TFDOCS" --config .terraform-docs.yml --output-check .)
}

step "fmt -check" check_fmt
for TF in "${CLIS[@]}"; do
  step "get + validate, $(basename "$TF") (module, examples)" check_validate
  step "test, $(basename "$TF") (mock_provider azurerm)" check_test
done
TF="${CLIS[0]}"
step "tflint + azurerm ruleset" check_tflint
step "checkov" check_checkov
step "terraform-docs freshness" check_docs
finish
