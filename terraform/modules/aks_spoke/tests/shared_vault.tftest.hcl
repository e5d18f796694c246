# Advanced mode: an existing shared vault, secret-scoped roles, a network the
# platform team brings, and a private API server. The provider is mocked but
# still validates every argument, so mocked ids are well-formed ARM ids.

mock_provider "azurerm" {
  mock_data "azurerm_client_config" {
    defaults = {
      tenant_id       = "11111111-1111-1111-1111-111111111111"
      subscription_id = "22222222-2222-2222-2222-222222222222"
    }
  }
  mock_data "azurerm_key_vault" {
    defaults = {
      vault_uri                  = "https://kv-platform-shared.vault.azure.net/"
      rbac_authorization_enabled = true
    }
  }
  mock_resource "azurerm_kubernetes_cluster" {
    defaults = {
      id                  = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-rc-test-weu/providers/Microsoft.ContainerService/managedClusters/aks-rc-test-weu"
      oidc_issuer_url     = "https://westeurope.oic.prod-aks.azure.com/11111111-1111-1111-1111-111111111111/33333333-3333-3333-3333-333333333333/"
      fqdn                = "rc-test-weu-abcd1234.hcp.westeurope.azmk8s.io"
      private_fqdn        = ""
      node_resource_group = "MC_rg-rc-test-weu_aks-rc-test-weu_westeurope"
      kube_config = [{
        host                   = "https://rc-test-weu-abcd1234.hcp.westeurope.azmk8s.io:443"
        username               = "clusterUser_rg-rc-test-weu_aks-rc-test-weu"
        password               = ""
        client_certificate     = ""
        client_key             = ""
        cluster_ca_certificate = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="
      }]
      identity = {
        principal_id = "88888888-8888-8888-8888-888888888888"
        tenant_id    = "11111111-1111-1111-1111-111111111111"
      }
    }
  }
  mock_resource "azurerm_key_vault" {
    defaults = {
      id        = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-rc-test-weu/providers/Microsoft.KeyVault/vaults/kv-rc-test-weu"
      vault_uri = "https://kv-rc-test-weu.vault.azure.net/"
    }
  }
  mock_resource "azurerm_user_assigned_identity" {
    defaults = {
      id           = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-rc-test-weu/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-rc-test-weu-eso"
      client_id    = "66666666-6666-6666-6666-666666666666"
      principal_id = "77777777-7777-7777-7777-777777777777"
    }
  }
}

# The module reads a shared vault through azurerm.shared_vault (the vault's
# subscription). Here it is the same subscription as the default provider.
mock_provider "azurerm" {
  alias = "shared_vault"

  mock_data "azurerm_client_config" {
    defaults = {
      tenant_id       = "11111111-1111-1111-1111-111111111111"
      subscription_id = "22222222-2222-2222-2222-222222222222"
    }
  }
  mock_data "azurerm_key_vault" {
    defaults = {
      vault_uri                  = "https://kv-platform-shared.vault.azure.net/"
      rbac_authorization_enabled = true
    }
  }
}


# The platform subscription that holds the shared vault in
# "shared_vault_in_another_subscription".
mock_provider "azurerm" {
  alias = "platform"

  mock_data "azurerm_client_config" {
    defaults = {
      tenant_id       = "11111111-1111-1111-1111-111111111111"
      subscription_id = "44444444-4444-4444-4444-444444444444"
    }
  }
  mock_data "azurerm_key_vault" {
    defaults = {
      vault_uri                  = "https://kv-platform-other-sub.vault.azure.net/"
      rbac_authorization_enabled = true
    }
  }
}

variables {
  name                    = "rc-stg-weu"
  environment             = "staging"
  location                = "westeurope"
  private_cluster_enabled = true
  existing_network = {
    virtual_network_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes"
    node_subnet_id     = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-rc-stg-weu"
  }
  existing_key_vault_id     = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-shared"
  shared_vault_secret_names = ["rc-stg-weu--mongodb-uri", "rc-stg-weu--smtp-password"]
  admin_group_object_ids    = ["99999999-9999-9999-9999-999999999999"]
}

run "no_vault_or_network_is_created" {
  command = plan

  assert {
    condition     = length(azurerm_key_vault.this) == 0 && length(azurerm_private_endpoint.key_vault) == 0 && length(azurerm_private_dns_zone.key_vault) == 0
    error_message = "A shared vault means no vault, private endpoint or DNS zone of our own."
  }
  assert {
    condition     = length(azurerm_virtual_network.this) == 0 && length(azurerm_subnet.nodes) == 0
    error_message = "existing_network means no VNet or subnets of our own."
  }
  assert {
    condition     = azurerm_kubernetes_cluster.this.default_node_pool[0].vnet_subnet_id == var.existing_network.node_subnet_id && alltrue([for p in azurerm_kubernetes_cluster_node_pool.user : p.vnet_subnet_id == var.existing_network.node_subnet_id])
    error_message = "Both pools must use the caller's node subnet."
  }
  assert {
    condition     = azurerm_role_assignment.cluster_network[0].scope == var.existing_network.node_subnet_id
    error_message = "Network Contributor must be scoped to the caller's node subnet."
  }
  assert {
    condition     = data.azurerm_key_vault.shared[0].name == "kv-platform-shared" && data.azurerm_key_vault.shared[0].resource_group_name == "rg-platform"
    error_message = "The shared vault lookup must parse name and resource group from its id."
  }
  assert {
    condition     = azurerm_kubernetes_cluster.this.private_cluster_enabled && azurerm_kubernetes_cluster.this.private_dns_zone_id == "System" && length(azurerm_kubernetes_cluster.this.api_server_access_profile) == 0
    error_message = "A private cluster uses the AKS-managed private DNS zone and no authorized ranges."
  }
  assert {
    condition     = length(azurerm_role_assignment.secrets_officer) == 0 && length(azurerm_role_assignment.eso_vault) == 0
    error_message = "Nothing may be granted at the shared vault's scope."
  }
}

run "roles_are_scoped_to_each_secret" {
  command = apply

  assert {
    condition = (
      length(azurerm_role_assignment.eso_secret) == 2 &&
      azurerm_role_assignment.eso_secret["rc-stg-weu--mongodb-uri"].scope == "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-shared/secrets/rc-stg-weu--mongodb-uri" &&
      azurerm_role_assignment.eso_secret["rc-stg-weu--smtp-password"].scope == "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-shared/secrets/rc-stg-weu--smtp-password"
    )
    error_message = "Each listed secret must get its own role assignment at <vault id>/secrets/<name>."
  }
  assert {
    condition = alltrue([
      for ra in azurerm_role_assignment.eso_secret :
      ra.role_definition_name == "Key Vault Secrets User" && ra.principal_id == "77777777-7777-7777-7777-777777777777" && ra.principal_type == "ServicePrincipal"
    ])
    error_message = "Secret-scoped roles must be read-only and held by the ESO identity."
  }
  assert {
    condition     = output.key_vault_mode == "shared" && output.key_vault_uri == "https://kv-platform-shared.vault.azure.net/" && output.key_vault_id == var.existing_key_vault_id
    error_message = "Vault outputs must describe the shared vault."
  }
  assert {
    condition     = toset(output.eso_role_assignment_scopes) == toset([for s in var.shared_vault_secret_names : "${var.existing_key_vault_id}/secrets/${s}"])
    error_message = "eso_role_assignment_scopes must list the secret scopes."
  }
  assert {
    condition     = output.secret_name_prefix == "rc-stg-weu--" && output.gitops_metadata["key_vault_secret_prefix"] == "rc-stg-weu--"
    error_message = "The secret prefix must be <name>--."
  }
  assert {
    condition     = strcontains(output.eso_manifest, "vaultUrl: \"https://kv-platform-shared.vault.azure.net/\"") && strcontains(output.eso_manifest, "\"66666666-6666-6666-6666-666666666666\"")
    error_message = "The manifest must point at the shared vault with this cluster's identity."
  }
}

run "custom_service_account_changes_the_subject" {
  command = plan

  variables {
    external_secrets = {
      namespace            = "platform-secrets"
      service_account_name = "rc-stg-reader"
    }
  }

  assert {
    condition     = azurerm_federated_identity_credential.eso.subject == "system:serviceaccount:platform-secrets:rc-stg-reader"
    error_message = "The subject must follow the configured namespace and service account."
  }
  assert {
    condition     = output.eso_federated_subject == "system:serviceaccount:platform-secrets:rc-stg-reader"
    error_message = "The eso_federated_subject output must match the credential."
  }
}

run "access_policy_vault_is_refused" {
  command = plan

  override_data {
    target = data.azurerm_key_vault.shared
    values = {
      vault_uri                  = "https://kv-platform-shared.vault.azure.net/"
      rbac_authorization_enabled = false
    }
  }

  expect_failures = [data.azurerm_key_vault.shared]
}

run "existing_resource_group_and_hub_dns_zone" {
  command = plan

  variables {
    existing_key_vault_id     = null
    shared_vault_secret_names = []
    create_resource_group     = false
    resource_group_name       = "rg-spokes"
    existing_network = {
      virtual_network_id         = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes"
      node_subnet_id             = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-rc-stg-weu"
      private_endpoint_subnet_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-pe"
    }
    key_vault = {
      name                = "kv-rcstg-7f3a"
      private_dns_zone_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"
    }
  }

  assert {
    condition     = length(azurerm_resource_group.this) == 0 && azurerm_kubernetes_cluster.this.resource_group_name == "rg-spokes"
    error_message = "An existing resource group is used by name, not created."
  }
  assert {
    condition     = azurerm_key_vault.this[0].name == "kv-rcstg-7f3a" && length(azurerm_private_dns_zone.key_vault) == 0
    error_message = "A hub DNS zone means no zone of our own; the vault name override applies."
  }
  assert {
    condition = (
      azurerm_private_endpoint.key_vault[0].subnet_id == var.existing_network.private_endpoint_subnet_id &&
      tolist(azurerm_private_endpoint.key_vault[0].private_dns_zone_group[0].private_dns_zone_ids) == tolist([var.key_vault.private_dns_zone_id])
    )
    error_message = "The private endpoint must use the caller's subnet and the hub's DNS zone."
  }
  assert {
    condition     = length(azurerm_key_vault.this[0].network_acls[0].virtual_network_subnet_ids) == 0
    error_message = "Without our own subnet (and its service endpoint) the ACL admits no subnet."
  }
}

# Item 8 of issue 16: the shared vault lives in the platform subscription,
# not the spoke's. The lookup and the secret-scoped grants go through the
# azurerm.shared_vault provider configured for that subscription.
run "shared_vault_in_another_subscription" {
  command = apply

  providers = {
    azurerm              = azurerm
    azurerm.shared_vault = azurerm.platform
  }

  variables {
    existing_key_vault_id     = "/subscriptions/44444444-4444-4444-4444-444444444444/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-shared"
    shared_vault_secret_names = ["rc-stg-weu--mongodb-uri"]
  }

  assert {
    condition     = output.key_vault_uri == "https://kv-platform-other-sub.vault.azure.net/"
    error_message = "The shared vault must be read through the azurerm.shared_vault provider (the vault's subscription)."
  }
  assert {
    condition     = azurerm_role_assignment.eso_secret["rc-stg-weu--mongodb-uri"].scope == "/subscriptions/44444444-4444-4444-4444-444444444444/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-shared/secrets/rc-stg-weu--mongodb-uri"
    error_message = "The role assignment scope must be in the vault's subscription."
  }
  assert {
    condition     = output.gitops_metadata["azure_subscription_id"] == "22222222-2222-2222-2222-222222222222"
    error_message = "The spoke itself stays in the default provider's subscription."
  }
}

run "shared_vault_provider_must_match_vault_subscription" {
  command = plan

  variables {
    existing_key_vault_id     = "/subscriptions/44444444-4444-4444-4444-444444444444/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-shared"
    shared_vault_secret_names = ["rc-stg-weu--mongodb-uri"]
  }

  # azurerm.shared_vault is the spoke's subscription (22222222-...), so the
  # vault cannot be found there: refused at plan time with a clear message.
  expect_failures = [data.azurerm_key_vault.shared]
}
