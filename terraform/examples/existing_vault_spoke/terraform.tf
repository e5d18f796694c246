terraform {
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 5.0.0, < 6.0.0"
    }
  }
}

provider "azurerm" {
  subscription_id = var.subscription_id
  # azurerm 5.x registers no resource providers by default; register the
  # ones this spoke uses.
  resource_providers_to_register = [
    "Microsoft.ContainerService",
    "Microsoft.KeyVault",
    "Microsoft.ManagedIdentity",
    "Microsoft.Network",
    "Microsoft.Insights",
  ]
  features {}
}

# The platform team's shared vault may be in another subscription; this
# provider reads it and assigns the secret-scoped roles there. Its
# subscription is the one in the vault id.
provider "azurerm" {
  alias           = "shared_vault"
  subscription_id = element(split("/", var.shared_key_vault_id), 2)
  features {}
}
