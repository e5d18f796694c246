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

output "kubelet_identity" {
  description = "The kubelet identity AKS created (`client_id`, `object_id`, `user_assigned_identity_id`): AcrPull assignments, and the gitops-bridge `kubelet_identity_client_id`."
  value = {
    client_id                 = try(azurerm_kubernetes_cluster.this.kubelet_identity[0].client_id, null)
    object_id                 = try(azurerm_kubernetes_cluster.this.kubelet_identity[0].object_id, null)
    user_assigned_identity_id = try(azurerm_kubernetes_cluster.this.kubelet_identity[0].user_assigned_identity_id, null)
  }
}

output "fqdn" {
  description = "Public FQDN of the API server (also set for a private cluster with `private_dns_zone_id = \"None\"`)."
  value       = azurerm_kubernetes_cluster.this.fqdn
}

output "private_fqdn" {
  description = "Private FQDN of a private cluster's API server (empty for a public cluster)."
  value       = azurerm_kubernetes_cluster.this.private_fqdn
}

output "api_server_url" {
  description = "URL a client (the hub's ArgoCD) uses for the API server: the private FQDN for a private cluster, else the public one."
  value       = local.api_server_url
}

output "cluster_ca_certificate" {
  description = "Base64-encoded PEM CA certificate of the API server (ArgoCD `tlsClientConfig.caData`)."
  value       = try(azurerm_kubernetes_cluster.this.kube_config[0].cluster_ca_certificate, null)
  sensitive   = true
}

output "node_resource_group" {
  description = "Resource group AKS manages for the nodes (MC_...): disks, load balancers, the VM scale sets."
  value       = azurerm_kubernetes_cluster.this.node_resource_group
}

output "hub_argocd_identity" {
  description = "The identity the hub's ArgoCD uses for this spoke (`client_id`, `principal_id`, `id`), or null when `hub_argocd` is not set."
  value = var.hub_argocd == null ? null : {
    client_id    = azurerm_user_assigned_identity.hub_argocd[0].client_id
    principal_id = azurerm_user_assigned_identity.hub_argocd[0].principal_id
    id           = azurerm_user_assigned_identity.hub_argocd[0].id
  }
}

output "argocd_cluster" {
  description = <<-EOT
    What a hub ArgoCD needs to register this spoke, in the gitops-bridge
    `cluster` layout: `cluster_name`, `environment`, `server`, `metadata`
    (cluster-secret annotations, as `gitops_metadata`), `addons`
    (cluster-secret labels, as `gitops_labels`) and `config`, the JSON of
    the cluster secret's `config` key: `tlsClientConfig.caData` and, when
    `hub_argocd` is set, an `execProviderConfig` that logs in as the hub
    identity with workload identity (`argocd-k8s-auth azure`). Sensitive
    because it carries the CA certificate.
  EOT
  value = {
    cluster_name = local.cluster_label
    environment  = var.environment
    server       = local.api_server_url
    metadata     = local.gitops_metadata
    addons       = local.gitops_labels
    config       = jsonencode(local.argocd_cluster_config)
  }
  sensitive = true
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
  value       = local.gitops_labels
}

output "gitops_metadata" {
  description = "Annotations for the ArgoCD cluster secret (GitOps-bridge style): everything the spoke's add-ons need from Azure."
  value       = local.gitops_metadata
}

output "eso_manifest" {
  description = "ESO ServiceAccount + ClusterSecretStore (external-secrets.io/v1, workload identity, referenced service account) as YAML, ready to commit to the GitOps repository."
  value = templatefile("${path.module}/templates/eso-workload-identity.yaml.tftpl", {
    spoke            = var.name
    namespace        = var.external_secrets.namespace
    service_account  = var.external_secrets.service_account_name
    store_name       = var.external_secrets.cluster_secret_store_name
    client_id        = azurerm_user_assigned_identity.eso.client_id
    tenant_id        = local.tenant_id
    vault_url        = local.key_vault_uri
    namespaces       = var.external_secrets.allowed_namespaces
    namespace_labels = var.external_secrets.allowed_namespace_labels
  })
}
