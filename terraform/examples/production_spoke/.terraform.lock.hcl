# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/azurerm" {
  version     = "5.2.0"
  constraints = ">= 5.0.0, < 6.0.0"
}
