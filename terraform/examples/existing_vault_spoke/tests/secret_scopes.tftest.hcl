# The example grants ESO read access to exactly its three secrets.

mock_provider "azurerm" {
  mock_data "azurerm_key_vault" {
    defaults = {
      vault_uri                  = "https://wrong-subscription.vault.azure.net/"
      rbac_authorization_enabled = true
    }
  }
  mock_data "azurerm_client_config" {
    defaults = {
      tenant_id       = "72f988bf-0000-4000-8000-00000000a001"
      subscription_id = "0b1f6471-0000-4000-8000-00000000b002"
    }
  }
  mock_resource "azurerm_kubernetes_cluster" {
    defaults = {
      id              = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-rc-stg-weu/providers/Microsoft.ContainerService/managedClusters/aks-rc-stg-weu"
      oidc_issuer_url = "https://westeurope.oic.prod-aks.azure.com/72f988bf-0000-4000-8000-00000000a001/b1c2d3e4-0000-4000-8000-00000000e009/"
      identity = {
        principal_id = "4b5c6d7e-0000-4000-8000-00000000f010"
        tenant_id    = "72f988bf-0000-4000-8000-00000000a001"
      }
    }
  }
  mock_resource "azurerm_user_assigned_identity" {
    defaults = {
      id           = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-rc-stg-weu/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-rc-stg-weu-eso"
      client_id    = "6d7e8f90-0000-4000-8000-00000000c011"
      principal_id = "7e8f9012-0000-4000-8000-00000000d012"
    }
  }
}


# The module reads a shared vault through azurerm.shared_vault; the example
# configures that provider, so it is mocked as well.
mock_provider "azurerm" {
  alias = "shared_vault"

  mock_data "azurerm_client_config" {
    defaults = {
      tenant_id       = "72f988bf-0000-4000-8000-00000000a001"
      subscription_id = "3c4d5e6f-0000-4000-8000-00000000b014"
    }
  }
  mock_data "azurerm_key_vault" {
    defaults = {
      vault_uri                  = "https://kv-platform.vault.azure.net/"
      rbac_authorization_enabled = true
    }
  }
}

variables {
  subscription_id        = "0b1f6471-0000-4000-8000-00000000b002"
  shared_key_vault_id    = "/subscriptions/3c4d5e6f-0000-4000-8000-00000000b014/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform"
  virtual_network_id     = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes"
  node_subnet_id         = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-rc-stg-weu"
  admin_group_object_ids = ["a1b2c3d4-0000-4000-8000-00000000a013"]
}

run "only_the_listed_secrets_are_readable" {
  command = apply

  assert {
    condition = toset(output.eso_role_assignment_scopes) == toset([
      "${var.shared_key_vault_id}/secrets/rc-stg-weu--mongodb-uri",
      "${var.shared_key_vault_id}/secrets/rc-stg-weu--mongodb-oplog-uri",
      "${var.shared_key_vault_id}/secrets/rc-stg-weu--smtp-password",
    ])
    error_message = "ESO must be able to read exactly the three listed secrets."
  }
  assert {
    condition     = strcontains(output.eso_manifest, "vaultUrl: \"https://kv-platform.vault.azure.net/\"")
    error_message = "The store must point at the shared vault."
  }
}
