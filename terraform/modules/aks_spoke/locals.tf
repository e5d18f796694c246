locals {
  # Secrets of this cluster in a shared vault start with this prefix. Names
  # cannot contain "--", so no other cluster's prefix can match it.
  secret_name_prefix = "${var.name}--"

  resource_group_name = coalesce(var.resource_group_name, "rg-${var.name}")
  cluster_name        = "aks-${var.name}"
  cluster_label       = coalesce(var.cluster_label, var.name)

  create_network     = var.existing_network == null
  per_cluster_vault  = var.existing_key_vault_id == null
  private_endpoint   = local.per_cluster_vault && var.key_vault.private_endpoint_enabled
  create_dns_zone    = local.private_endpoint && var.key_vault.private_dns_zone_id == null
  diagnostics        = var.log_analytics_workspace_id != null
  key_vault_name     = coalesce(var.key_vault.name, "kv-${var.name}")
  virtual_network_id = local.create_network ? azurerm_virtual_network.this[0].id : var.existing_network.virtual_network_id
  node_subnet_id     = local.create_network ? azurerm_subnet.nodes[0].id : var.existing_network.node_subnet_id
  private_endpoint_subnet_id = (
    local.create_network ? azurerm_subnet.private_endpoints[0].id : var.existing_network.private_endpoint_subnet_id
  )

  # The workload identity trust: ESO presents a token for this service
  # account (the one the ClusterSecretStore references) with this audience.
  eso_subject  = "system:serviceaccount:${var.external_secrets.namespace}:${var.external_secrets.service_account_name}"
  eso_audience = "api://AzureADTokenExchange"

  key_vault_id  = local.per_cluster_vault ? azurerm_key_vault.this[0].id : var.existing_key_vault_id
  key_vault_uri = local.per_cluster_vault ? azurerm_key_vault.this[0].vault_uri : data.azurerm_key_vault.shared[0].vault_uri

  # ARM scope of one secret: the vault's resource id plus /secrets/<name>.
  # (azurerm_key_vault_secret.id is the data-plane URL and is no scope.)
  shared_secret_scopes = {
    for s in var.shared_vault_secret_names : s => "${var.existing_key_vault_id}/secrets/${s}"
  }

  tenant_id       = data.azurerm_client_config.current.tenant_id
  subscription_id = data.azurerm_client_config.current.subscription_id

  tags = merge({
    managed-by  = "terraform"
    module      = "aks_spoke"
    spoke       = var.name
    environment = var.environment
  }, var.tags)
}
