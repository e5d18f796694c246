# The GitOps example in docs/examples/gitops/external-secrets/ must be exactly
# what this example renders, so the YAML people copy is never hand-edited.
# Azure-assigned values (tenant, identity client id, vault URI) are fixed by
# the mocks below; they are documentation GUIDs, not real tenants.

mock_provider "azurerm" {
  mock_data "azurerm_client_config" {
    defaults = {
      tenant_id       = "72f988bf-0000-4000-8000-00000000a001"
      subscription_id = "0b1f6471-0000-4000-8000-00000000b002"
    }
  }
  mock_resource "azurerm_user_assigned_identity" {
    defaults = {
      id           = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-rc-prod-weu/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-rc-prod-weu-eso"
      client_id    = "5c1d9e2a-0000-4000-8000-00000000c003"
      principal_id = "9a7b3c4d-0000-4000-8000-00000000d004"
    }
  }
  mock_resource "azurerm_key_vault" {
    defaults = {
      id        = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-rc-prod-weu/providers/Microsoft.KeyVault/vaults/kv-rc-prod-weu"
      vault_uri = "https://kv-rc-prod-weu.vault.azure.net/"
    }
  }
  mock_resource "azurerm_kubernetes_cluster" {
    defaults = {
      id              = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-rc-prod-weu/providers/Microsoft.ContainerService/managedClusters/aks-rc-prod-weu"
      oidc_issuer_url = "https://westeurope.oic.prod-aks.azure.com/72f988bf-0000-4000-8000-00000000a001/e6c2a1f0-0000-4000-8000-00000000e005/"
      identity = {
        principal_id = "3a4b5c6d-0000-4000-8000-00000000f008"
        tenant_id    = "72f988bf-0000-4000-8000-00000000a001"
      }
    }
  }
  mock_resource "azurerm_virtual_network" {
    defaults = {
      id = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-rc-prod-weu/providers/Microsoft.Network/virtualNetworks/vnet-rc-prod-weu"
    }
  }
  mock_resource "azurerm_subnet" {
    defaults = {
      id = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-rc-prod-weu/providers/Microsoft.Network/virtualNetworks/vnet-rc-prod-weu/subnets/snet-aks-nodes"
    }
  }
  mock_resource "azurerm_network_security_group" {
    defaults = {
      id = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-rc-prod-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-rc-prod-weu-private-endpoints"
    }
  }
  mock_resource "azurerm_private_dns_zone" {
    defaults = {
      id = "/subscriptions/0b1f6471-0000-4000-8000-00000000b002/resourceGroups/rg-rc-prod-weu/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"
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
      subscription_id = "0b1f6471-0000-4000-8000-00000000b002"
    }
  }
  mock_data "azurerm_key_vault" {
    defaults = {
      vault_uri                  = "https://unused.vault.azure.net/"
      rbac_authorization_enabled = true
    }
  }
}

variables {
  subscription_id                 = "0b1f6471-0000-4000-8000-00000000b002"
  api_server_authorized_ip_ranges = ["198.51.100.0/24"]
  admin_group_object_ids          = ["a1b2c3d4-0000-4000-8000-00000000a013"]
}

run "manifest_matches_committed_gitops_example" {
  command = apply

  assert {
    condition     = output.eso_manifest == file("${path.module}/../../../docs/examples/gitops/external-secrets/eso-workload-identity.yaml")
    error_message = "docs/examples/gitops/external-secrets/eso-workload-identity.yaml differs from the rendered eso_manifest; re-render it from this example."
  }
  assert {
    condition     = output.gitops_metadata["external_secrets_client_id"] == "5c1d9e2a-0000-4000-8000-00000000c003" && output.gitops_labels["environment"] == "prod"
    error_message = "The example must pass the module's GitOps outputs through."
  }
}
