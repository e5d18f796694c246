# The example grants ESO read access to exactly its three secrets.

mock_provider "azurerm" {
  mock_data "azurerm_key_vault" {
    defaults = {
      vault_uri                  = "https://kv-platform.vault.azure.net/"
      rbac_authorization_enabled = true
    }
  }
  mock_resource "azurerm_kubernetes_cluster" {
    defaults = {
      kubelet_identity = [{
        client_id                 = "1e2d3c4b-0000-4000-8000-00000000f006"
        object_id                 = "2f3e4d5c-0000-4000-8000-00000000f007"
        user_assigned_identity_id = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/MC_rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/agentpool"
      }]
    }
  }
}

variables {
  subscription_id     = "0b1f6471-0000-4000-8000-00000000b002"
  shared_key_vault_id = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform"
  virtual_network_id  = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes"
  node_subnet_id      = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-rc-stg-weu"
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
