locals {
  # Secrets of this cluster in a shared vault start with this prefix. Names
  # cannot contain "--", so no other cluster's prefix can match it.
  secret_name_prefix = "${var.name}--"

  resource_group_name = coalesce(var.resource_group_name, "rg-${var.name}")
  cluster_name        = "aks-${var.name}"
  cluster_label       = coalesce(var.cluster_label, var.name)

  create_network    = var.existing_network == null
  per_cluster_vault = var.existing_key_vault_id == null
  private_endpoint  = local.per_cluster_vault && var.key_vault.private_endpoint_enabled
  create_dns_zone   = local.private_endpoint && var.key_vault.private_dns_zone_id == null
  diagnostics       = var.log_analytics_workspace_id != null
  # Vault names are global: unique_name appends 5 hex characters of a hash
  # of subscription and spoke name, shortening the name part (and dropping a
  # trailing hyphen) so the whole stays within 24 characters.
  key_vault_name_suffix = substr(sha256("${data.azurerm_client_config.current.subscription_id}/${var.name}"), 0, 5)
  key_vault_name = coalesce(
    var.key_vault.name,
    var.key_vault.unique_name ? "kv-${trimsuffix(substr(var.name, 0, 15), "-")}-${local.key_vault_name_suffix}" : "kv-${var.name}",
  )

  # Private cluster with a hub-managed DNS zone: the control plane needs a
  # user-assigned identity holding roles on the zone before creation.
  custom_private_dns_zone        = var.private_cluster_enabled && !contains(["System", "None"], var.private_dns_zone_id)
  cluster_identity_user_assigned = local.custom_private_dns_zone

  # User pools: one per zone (stateful default) or one spanning all zones.
  # Each zonal pool is <name><zone> with its own temporary rotation name.
  zonal_user_pools = var.user_node_pool.per_zone && length(var.zones) > 0
  user_node_pools = local.zonal_user_pools ? {
    for z in var.zones : z => {
      name           = "${var.user_node_pool.name}${z}"
      zones          = [z]
      temporary_name = "${substr(var.user_node_pool.name, 0, 8)}${z}tmp"
    }
    } : {
    all = {
      name           = var.user_node_pool.name
      zones          = var.zones
      temporary_name = "${substr(var.user_node_pool.name, 0, 9)}tmp"
    }
  }
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

  # The shared vault may live in another subscription: read it (and grant
  # on it) through the azurerm.shared_vault provider, whose subscription
  # must be the one in the vault id.
  shared_vault_subscription_id = local.per_cluster_vault ? null : element(split("/", var.existing_key_vault_id), 2)

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

  # GitOps hand-over (outputs gitops_labels, gitops_metadata, argocd_cluster).
  api_server_url = "https://${var.private_cluster_enabled ? coalesce(azurerm_kubernetes_cluster.this.private_fqdn, azurerm_kubernetes_cluster.this.fqdn) : azurerm_kubernetes_cluster.this.fqdn}:443"

  gitops_labels = {
    cluster_name            = local.cluster_label
    environment             = var.environment
    enable_external_secrets = "true"
  }

  gitops_metadata = {
    cluster_name                     = local.cluster_label
    environment                      = var.environment
    azure_tenant_id                  = local.tenant_id
    azure_subscription_id            = local.subscription_id
    azure_location                   = var.location
    aks_cluster_name                 = azurerm_kubernetes_cluster.this.name
    aks_resource_group               = local.rg_name
    aks_node_resource_group          = azurerm_kubernetes_cluster.this.node_resource_group
    aks_oidc_issuer_url              = azurerm_kubernetes_cluster.this.oidc_issuer_url
    kubelet_identity_client_id       = try(azurerm_kubernetes_cluster.this.kubelet_identity[0].client_id, "")
    key_vault_uri                    = local.key_vault_uri
    key_vault_mode                   = local.per_cluster_vault ? "per_cluster" : "shared"
    key_vault_secret_prefix          = local.per_cluster_vault ? "" : local.secret_name_prefix
    external_secrets_namespace       = var.external_secrets.namespace
    external_secrets_service_account = var.external_secrets.service_account_name
    external_secrets_client_id       = azurerm_user_assigned_identity.eso.client_id
    external_secrets_store_name      = var.external_secrets.cluster_secret_store_name
  }

  # The cluster secret's `config` for ArgoCD. AKS has no local accounts, so
  # the hub authenticates with Entra ID: argocd-k8s-auth's azure mode with
  # workload identity, as the hub identity (var.hub_argocd).
  argocd_cluster_config = merge(
    {
      tlsClientConfig = {
        insecure = false
        caData   = try(azurerm_kubernetes_cluster.this.kube_config[0].cluster_ca_certificate, "")
      }
    },
    var.hub_argocd == null ? {} : {
      execProviderConfig = {
        apiVersion = "client.authentication.k8s.io/v1beta1"
        command    = "argocd-k8s-auth"
        args       = ["azure"]
        env = {
          AAD_LOGIN_METHOD           = "workloadidentity"
          AAD_ENVIRONMENT_NAME       = "AzurePublicCloud"
          AZURE_CLIENT_ID            = azurerm_user_assigned_identity.hub_argocd[0].client_id
          AZURE_TENANT_ID            = local.tenant_id
          AZURE_AUTHORITY_HOST       = "https://login.microsoftonline.com/"
          AZURE_FEDERATED_TOKEN_FILE = "/var/run/secrets/azure/tokens/azure-identity-token"
        }
      }
    },
  )
}
