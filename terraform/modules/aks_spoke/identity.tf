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

# Shared vault: one assignment per listed secret, scoped to that secret.
resource "azurerm_role_assignment" "eso_secret" {
  for_each = local.shared_secret_scopes

  scope                = each.value
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.eso.principal_id
  principal_type       = "ServicePrincipal"
  description          = "ESO of spoke ${var.name} reads ${each.key}"
}
