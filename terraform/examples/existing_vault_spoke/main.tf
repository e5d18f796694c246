# Advanced: a staging spoke that reads a shared platform vault. ESO gets
# "Key Vault Secrets User" on each listed secret only, never on the vault;
# every secret carries this cluster's prefix "rc-stg-weu--". The network is
# brought by the platform team and the API server is private.

module "aks_spoke" {
  source = "../../modules/aks_spoke"

  # The shared vault is read (and granted on) in its own subscription.
  providers = {
    azurerm              = azurerm
    azurerm.shared_vault = azurerm.shared_vault
  }

  name        = "rc-stg-weu"
  environment = "staging"
  location    = "westeurope"

  admin_group_object_ids = var.admin_group_object_ids

  existing_network = {
    virtual_network_id = var.virtual_network_id
    node_subnet_id     = var.node_subnet_id
  }
  private_cluster_enabled = true

  existing_key_vault_id = var.shared_key_vault_id
  shared_vault_secret_names = [
    "rc-stg-weu--mongodb-uri",
    "rc-stg-weu--mongodb-oplog-uri",
    "rc-stg-weu--smtp-password",
  ]

  # Staging trades the SLA and zone spread for cost.
  sku_tier = "Free"
  zones    = ["1"]
  system_node_pool = {
    min_count = 1
    max_count = 3
  }
  # One zone, so a single user pool either way.
  user_node_pool = {
    min_count = 1
    max_count = 3
  }
}

output "eso_manifest" {
  description = "ESO ServiceAccount + ClusterSecretStore for this spoke."
  value       = module.aks_spoke.eso_manifest
}

output "eso_role_assignment_scopes" {
  description = "The secret scopes ESO can read."
  value       = module.aks_spoke.eso_role_assignment_scopes
}
