# Either a per-cluster vault (default) or an existing shared vault.

resource "azurerm_key_vault" "this" {
  count = local.per_cluster_vault ? 1 : 0

  name                = local.key_vault_name
  location            = var.location
  resource_group_name = local.rg_name
  tenant_id           = local.tenant_id
  sku_name            = var.key_vault.sku_name
  tags                = local.tags

  rbac_authorization_enabled    = true
  purge_protection_enabled      = true
  soft_delete_retention_days    = var.key_vault.soft_delete_retention_days
  public_network_access_enabled = var.key_vault.public_network_access_enabled

  network_acls {
    default_action             = "Deny"
    bypass                     = "AzureServices"
    ip_rules                   = var.key_vault.allowed_ip_ranges
    virtual_network_subnet_ids = []
  }
}

# privatelink zone + VNet link + private endpoint for the per-cluster vault.
resource "azurerm_private_dns_zone" "key_vault" {
  count = local.create_dns_zone ? 1 : 0

  name                = "privatelink.vaultcore.azure.net"
  resource_group_name = local.rg_name
  tags                = local.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "key_vault" {
  count = local.create_dns_zone ? 1 : 0

  name                 = "link-${var.name}"
  private_dns_zone_id  = azurerm_private_dns_zone.key_vault[0].id
  virtual_network_id   = local.virtual_network_id
  registration_enabled = false
  tags                 = local.tags
}

resource "azurerm_private_endpoint" "key_vault" {
  count = local.private_endpoint ? 1 : 0

  name                          = "pe-${local.key_vault_name}"
  location                      = var.location
  resource_group_name           = local.rg_name
  subnet_id                     = local.private_endpoint_subnet_id
  custom_network_interface_name = "nic-pe-${local.key_vault_name}"
  tags                          = local.tags

  private_service_connection {
    name                           = "psc-${local.key_vault_name}"
    private_connection_resource_id = azurerm_key_vault.this[0].id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "vault"
    private_dns_zone_ids = [local.create_dns_zone ? azurerm_private_dns_zone.key_vault[0].id : var.key_vault.private_dns_zone_id]
  }
}

# The shared vault is only read: its URI for the ClusterSecretStore and its
# authorization mode, because secret-scoped role assignments do nothing on a
# vault that still uses access policies. A data source looks the vault up in
# its provider's subscription, so it goes through azurerm.shared_vault,
# which must be configured for the vault's subscription (the caller passes
# the default provider when the vault is in the spoke's subscription).
data "azurerm_client_config" "shared_vault" {
  count    = local.per_cluster_vault ? 0 : 1
  provider = azurerm.shared_vault
}

data "azurerm_key_vault" "shared" {
  count    = local.per_cluster_vault ? 0 : 1
  provider = azurerm.shared_vault

  name                = element(split("/", var.existing_key_vault_id), 8)
  resource_group_name = element(split("/", var.existing_key_vault_id), 4)

  lifecycle {
    precondition {
      condition     = lower(data.azurerm_client_config.shared_vault[0].subscription_id) == lower(local.shared_vault_subscription_id)
      error_message = "The shared vault is in subscription ${local.shared_vault_subscription_id}, but the azurerm.shared_vault provider is configured for ${data.azurerm_client_config.shared_vault[0].subscription_id}; pass a provider for the vault's subscription as azurerm.shared_vault."
    }
    postcondition {
      condition     = self.rbac_authorization_enabled
      error_message = "The shared vault ${var.existing_key_vault_id} uses access policies; secret-scoped RBAC needs rbac_authorization_enabled = true on it."
    }
  }
}

# Operators who write secrets into the per-cluster vault.
resource "azurerm_role_assignment" "secrets_officer" {
  for_each = local.per_cluster_vault ? toset(var.key_vault_secrets_officer_principal_ids) : toset([])

  scope                = azurerm_key_vault.this[0].id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = each.value
  description          = "Write secrets for spoke ${var.name}"
}
