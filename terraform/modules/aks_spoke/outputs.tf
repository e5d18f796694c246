output "resource_group_name" {
  description = "Resource group holding the spoke's resources."
  value       = local.rg_name
}

output "cluster_name" {
  description = "AKS cluster name."
  value       = azurerm_kubernetes_cluster.this.name
}

output "cluster_id" {
  description = "AKS cluster resource id."
  value       = azurerm_kubernetes_cluster.this.id
}

output "cluster_label" {
  description = "Value GitOps selects this cluster by (ArgoCD cluster-secret label `cluster_name`)."
  value       = local.cluster_label
}

output "oidc_issuer_url" {
  description = "The cluster's OIDC issuer URL (issuer of the federated credential)."
  value       = azurerm_kubernetes_cluster.this.oidc_issuer_url
}

output "kubelet_identity_object_id" {
  description = "Object id of the kubelet identity, for AcrPull assignments on a registry (null until AKS has created it)."
  value       = try(azurerm_kubernetes_cluster.this.kubelet_identity[0].object_id, null)
}

output "node_subnet_id" {
  description = "Subnet the node pools run in."
  value       = local.node_subnet_id
}

output "tenant_id" {
  description = "Entra ID tenant of the vault and the ESO identity."
  value       = local.tenant_id
}

output "key_vault_id" {
  description = "Resource id of the vault ESO reads (per-cluster or shared)."
  value       = local.key_vault_id
}

output "key_vault_uri" {
  description = "Vault URI for the ClusterSecretStore `vaultUrl`."
  value       = local.key_vault_uri
}

output "key_vault_mode" {
  description = "`per_cluster` or `shared`."
  value       = local.per_cluster_vault ? "per_cluster" : "shared"
}

output "secret_name_prefix" {
  description = "Prefix every secret of this cluster carries in a shared vault (`<name>--`)."
  value       = local.secret_name_prefix
}

output "eso_identity_client_id" {
  description = "Client id of the ESO identity (ServiceAccount annotation `azure.workload.identity/client-id`)."
  value       = azurerm_user_assigned_identity.eso.client_id
}

output "eso_identity_principal_id" {
  description = "Principal (object) id of the ESO identity."
  value       = azurerm_user_assigned_identity.eso.principal_id
}

output "eso_identity_id" {
  description = "Resource id of the ESO identity."
  value       = azurerm_user_assigned_identity.eso.id
}

output "eso_federated_subject" {
  description = "Subject the federated credential trusts: `system:serviceaccount:<namespace>:<service account>`."
  value       = local.eso_subject
}

output "eso_role_assignment_scopes" {
  description = "Scopes where the ESO identity holds \"Key Vault Secrets User\": the vault id, or one `<vault id>/secrets/<name>` per shared secret."
  value       = local.per_cluster_vault ? [azurerm_key_vault.this[0].id] : values(local.shared_secret_scopes)
}

output "gitops_labels" {
  description = "Labels for the ArgoCD cluster secret (GitOps-bridge style), used by ApplicationSet selectors."
  value = {
    cluster_name            = local.cluster_label
    environment             = var.environment
    enable_external_secrets = "true"
  }
}

output "gitops_metadata" {
  description = "Annotations for the ArgoCD cluster secret (GitOps-bridge style): everything the spoke's add-ons need from Azure."
  value = {
    cluster_name                     = local.cluster_label
    environment                      = var.environment
    azure_tenant_id                  = local.tenant_id
    azure_subscription_id            = local.subscription_id
    azure_location                   = var.location
    aks_cluster_name                 = azurerm_kubernetes_cluster.this.name
    aks_resource_group               = local.rg_name
    aks_oidc_issuer_url              = azurerm_kubernetes_cluster.this.oidc_issuer_url
    key_vault_uri                    = local.key_vault_uri
    key_vault_mode                   = local.per_cluster_vault ? "per_cluster" : "shared"
    key_vault_secret_prefix          = local.per_cluster_vault ? "" : local.secret_name_prefix
    external_secrets_namespace       = var.external_secrets.namespace
    external_secrets_service_account = var.external_secrets.service_account_name
    external_secrets_client_id       = azurerm_user_assigned_identity.eso.client_id
    external_secrets_store_name      = var.external_secrets.cluster_secret_store_name
  }
}

output "eso_manifest" {
  description = "ESO ServiceAccount + ClusterSecretStore (external-secrets.io/v1, workload identity, referenced service account) as YAML, ready to commit to the GitOps repository."
  value = templatefile("${path.module}/templates/eso-workload-identity.yaml.tftpl", {
    spoke           = var.name
    namespace       = var.external_secrets.namespace
    service_account = var.external_secrets.service_account_name
    store_name      = var.external_secrets.cluster_secret_store_name
    client_id       = azurerm_user_assigned_identity.eso.client_id
    tenant_id       = local.tenant_id
    vault_url       = local.key_vault_uri
  })
}
