# One user-assigned identity for this cluster's ESO, trusted only for the
# service account the ClusterSecretStore references, and allowed to read only
# this cluster's secrets.

resource "azurerm_user_assigned_identity" "eso" {
  name                = "id-${var.name}-eso"
  location            = var.location
  resource_group_name = local.rg_name
  tags                = local.tags
}

resource "azurerm_federated_identity_credential" "eso" {
  name                      = "fic-${var.name}-eso"
  user_assigned_identity_id = azurerm_user_assigned_identity.eso.id
  issuer                    = azurerm_kubernetes_cluster.this.oidc_issuer_url
  subject                   = local.eso_subject
  audience                  = [local.eso_audience]
}

# Per-cluster vault: the whole vault belongs to this cluster.
resource "azurerm_role_assignment" "eso_vault" {
  count = local.per_cluster_vault ? 1 : 0

  scope                = azurerm_key_vault.this[0].id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.eso.principal_id
  principal_type       = "ServicePrincipal"
  description          = "ESO of spoke ${var.name} reads its own vault"
}

# Shared vault: one assignment per listed secret, scoped to that secret,
# made through the vault's subscription (azurerm.shared_vault).
resource "azurerm_role_assignment" "eso_secret" {
  for_each = local.shared_secret_scopes
  provider = azurerm.shared_vault

  scope                = each.value
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.eso.principal_id
  principal_type       = "ServicePrincipal"
  description          = "ESO of spoke ${var.name} reads ${each.key}"
}

# Control-plane identity, only for a private cluster with a hub-managed DNS
# zone: AKS then needs "Private DNS Zone Contributor" on the zone and
# "Network Contributor" on the node subnet before it creates the cluster,
# which a system-assigned identity cannot have.
resource "azurerm_user_assigned_identity" "cluster" {
  count = local.cluster_identity_user_assigned ? 1 : 0

  name                = "id-${var.name}-aks"
  location            = var.location
  resource_group_name = local.rg_name
  tags                = local.tags
}

resource "azurerm_role_assignment" "cluster_private_dns_zone" {
  count = local.custom_private_dns_zone ? 1 : 0

  scope                = var.private_dns_zone_id
  role_definition_name = "Private DNS Zone Contributor"
  principal_id         = azurerm_user_assigned_identity.cluster[0].principal_id
  principal_type       = "ServicePrincipal"
  description          = "AKS ${local.cluster_name}: API server records in the hub's private DNS zone"
}

resource "azurerm_role_assignment" "cluster_network_user_assigned" {
  count = local.cluster_identity_user_assigned ? 1 : 0

  scope                = local.node_subnet_id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.cluster[0].principal_id
  principal_type       = "ServicePrincipal"
  description          = "AKS ${local.cluster_name}: manage load balancers and NICs in the node subnet"
}

# Optional identity for the hub's ArgoCD: trusted for the hub's ArgoCD
# service accounts, cluster-admin on this cluster through Azure RBAC (local
# accounts are off, so there is no static credential to hand out).
resource "azurerm_user_assigned_identity" "hub_argocd" {
  count = var.hub_argocd == null ? 0 : 1

  name                = "id-${var.name}-hub-argocd"
  location            = var.location
  resource_group_name = local.rg_name
  tags                = local.tags
}

resource "azurerm_federated_identity_credential" "hub_argocd" {
  for_each = var.hub_argocd == null ? toset([]) : toset(var.hub_argocd.service_accounts)

  name                      = "fic-${var.name}-hub-${replace(each.value, ".", "-")}"
  user_assigned_identity_id = azurerm_user_assigned_identity.hub_argocd[0].id
  issuer                    = var.hub_argocd.oidc_issuer_url
  subject                   = "system:serviceaccount:${var.hub_argocd.namespace}:${each.value}"
  audience                  = [local.eso_audience]
}

resource "azurerm_role_assignment" "hub_argocd" {
  count = var.hub_argocd == null ? 0 : 1

  scope                = azurerm_kubernetes_cluster.this.id
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = azurerm_user_assigned_identity.hub_argocd[0].principal_id
  principal_type       = "ServicePrincipal"
  description          = "Hub ArgoCD manages spoke ${var.name}"
}
