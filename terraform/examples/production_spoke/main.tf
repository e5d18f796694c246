# Happy path: a production spoke with its own Key Vault. The module creates
# the resource group, VNet, AKS, the vault behind a private endpoint, the ESO
# identity with its federated credential, and a vault-scoped read role.

module "aks_spoke" {
  source = "../../modules/aks_spoke"

  # The vault is per cluster, so the shared-vault provider is the default one.
  providers = {
    azurerm              = azurerm
    azurerm.shared_vault = azurerm
  }

  name        = "rc-prod-weu"
  environment = "prod"
  location    = "westeurope"

  kubernetes_version              = "1.35"
  api_server_authorized_ip_ranges = var.api_server_authorized_ip_ranges
  admin_group_object_ids          = var.admin_group_object_ids
  log_analytics_workspace_id      = var.log_analytics_workspace_id

  user_node_pool = {
    node_labels = { "workload" = "rocketchat" }
  }

  tags = {
    owner = "platform-team"
  }
}

# Commit this to the GitOps repository (docs/examples/gitops/external-secrets/
# holds a copy rendered with the test inputs).
output "eso_manifest" {
  description = "ESO ServiceAccount + ClusterSecretStore for this spoke."
  value       = module.aks_spoke.eso_manifest
}

output "gitops_metadata" {
  description = "Annotations for the ArgoCD cluster secret."
  value       = module.aks_spoke.gitops_metadata
}

output "gitops_labels" {
  description = "Labels for the ArgoCD cluster secret."
  value       = module.aks_spoke.gitops_labels
}
