# tflint configuration for terraform/modules and terraform/examples
# (tools/check.sh passes it with --config). The azurerm ruleset is pinned by
# source+version; tools/build-toolchain.sh builds it into the versioned
# plugin path, so `tflint --init` (which downloads) is never needed.

config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "azurerm" {
  enabled = true
  version = "0.32.0"
  source  = "github.com/terraform-linters/tflint-ruleset-azurerm"
}

rule "terraform_documented_variables" {
  enabled = true
}

rule "terraform_documented_outputs" {
  enabled = true
}

rule "terraform_typed_variables" {
  enabled = true
}

rule "terraform_naming_convention" {
  enabled = true
}

rule "terraform_comment_syntax" {
  enabled = true
}

rule "terraform_unused_declarations" {
  enabled = true
}

# prevent_destroy cannot be switched per caller in a module, and would make
# tearing down a spoke impossible without editing the module. The vault's
# purge protection and 90-day soft delete already make a destroyed vault and
# its secrets recoverable, and nobody can purge them early.
rule "azurerm_resources_missing_prevent_destroy" {
  enabled = false
}
