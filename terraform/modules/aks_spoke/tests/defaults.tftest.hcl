# Behaviour of the module with the azurerm provider mocked: no Azure
# credentials, no network. The provider still validates every argument, so
# the mocked ids below are well-formed ARM ids.

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
  mock_resource "azurerm_virtual_network" {
    defaults = {
      id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-rc-test-weu/providers/Microsoft.Network/virtualNetworks/vnet-rc-test-weu"
    }
  }
  mock_resource "azurerm_subnet" {
    defaults = {
      id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-rc-test-weu/providers/Microsoft.Network/virtualNetworks/vnet-rc-test-weu/subnets/snet-aks-nodes"
    }
  }
  mock_resource "azurerm_network_security_group" {
    defaults = {
      id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-rc-test-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-rc-test-weu-private-endpoints"
    }
  }
  mock_resource "azurerm_private_dns_zone" {
    defaults = {
      id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-rc-test-weu/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"
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

variables {
  name                            = "rc-test-weu"
  environment                     = "test"
  location                        = "westeurope"
  api_server_authorized_ip_ranges = ["203.0.113.0/24"]
  admin_group_object_ids          = ["99999999-9999-9999-9999-999999999999"]
}

run "cluster_is_secure_by_default" {
  command = plan

  assert {
    condition     = azurerm_kubernetes_cluster.this.name == "aks-rc-test-weu" && azurerm_kubernetes_cluster.this.resource_group_name == "rg-rc-test-weu"
    error_message = "Cluster and resource group names must derive from var.name."
  }
  assert {
    condition     = azurerm_kubernetes_cluster.this.oidc_issuer_enabled && azurerm_kubernetes_cluster.this.workload_identity_enabled
    error_message = "OIDC issuer and Workload Identity must be on."
  }
  assert {
    condition     = azurerm_kubernetes_cluster.this.local_account_disabled && azurerm_kubernetes_cluster.this.azure_active_directory_role_based_access_control[0].azure_rbac_enabled
    error_message = "Local accounts must be disabled and Azure RBAC for Kubernetes enabled."
  }
  assert {
    condition     = azurerm_kubernetes_cluster.this.azure_active_directory_role_based_access_control[0].tenant_id == "11111111-1111-1111-1111-111111111111"
    error_message = "Entra integration must use the caller's tenant."
  }
  assert {
    condition     = azurerm_kubernetes_cluster.this.sku_tier == "Standard" && azurerm_kubernetes_cluster.this.azure_policy_enabled && azurerm_kubernetes_cluster.this.image_cleaner_enabled
    error_message = "Standard tier, Azure Policy and Image Cleaner are the defaults."
  }
  assert {
    condition     = azurerm_kubernetes_cluster.this.run_command_enabled == false && azurerm_kubernetes_cluster.this.private_cluster_enabled == false
    error_message = "Run command must be off; the default API server is public with authorized ranges."
  }
  assert {
    condition     = azurerm_kubernetes_cluster.this.api_server_access_profile[0].authorized_ip_ranges == toset(["203.0.113.0/24"])
    error_message = "The authorized IP ranges must reach the API server access profile."
  }
  assert {
    condition = (
      azurerm_kubernetes_cluster.this.network_profile[0].network_plugin == "azure" &&
      azurerm_kubernetes_cluster.this.network_profile[0].network_plugin_mode == "overlay" &&
      azurerm_kubernetes_cluster.this.network_profile[0].network_data_plane == "cilium" &&
      azurerm_kubernetes_cluster.this.network_profile[0].network_policy == "cilium" &&
      azurerm_kubernetes_cluster.this.network_profile[0].pod_cidr == "192.168.0.0/16"
    )
    error_message = "Network must be Azure CNI overlay with the Cilium data plane and policy."
  }
  assert {
    condition     = azurerm_kubernetes_cluster.this.automatic_upgrade_channel == "patch" && azurerm_kubernetes_cluster.this.node_os_upgrade_channel == "NodeImage"
    error_message = "Default channels are patch and NodeImage."
  }
  assert {
    condition = (
      azurerm_kubernetes_cluster.this.maintenance_window_auto_upgrade[0].frequency == "Weekly" &&
      azurerm_kubernetes_cluster.this.maintenance_window_auto_upgrade[0].day_of_week == "Sunday" &&
      azurerm_kubernetes_cluster.this.maintenance_window_auto_upgrade[0].duration == 4 &&
      azurerm_kubernetes_cluster.this.maintenance_window_node_os[0].day_of_week == "Saturday" &&
      azurerm_kubernetes_cluster.this.maintenance_window_node_os[0].start_time == "02:00"
    )
    error_message = "Default maintenance windows are Sunday (cluster) and Saturday (node OS) 02:00 UTC for 4 hours."
  }
  assert {
    condition = (
      azurerm_kubernetes_cluster.this.default_node_pool[0].only_critical_addons_enabled &&
      azurerm_kubernetes_cluster.this.default_node_pool[0].auto_scaling_enabled &&
      azurerm_kubernetes_cluster.this.default_node_pool[0].min_count == 3 &&
      azurerm_kubernetes_cluster.this.default_node_pool[0].max_count == 5 &&
      azurerm_kubernetes_cluster.this.default_node_pool[0].zones == toset(["1", "2", "3"]) &&
      azurerm_kubernetes_cluster.this.default_node_pool[0].upgrade_settings[0].max_surge == "33%" &&
      azurerm_kubernetes_cluster.this.default_node_pool[0].upgrade_settings[0].drain_timeout_in_minutes == 30
    )
    error_message = "The system pool must be critical-add-ons only, autoscaled 3-5 over three zones with surge upgrades."
  }
  assert {
    condition = alltrue([
      for p in azurerm_kubernetes_cluster_node_pool.user :
      p.mode == "User" && p.auto_scaling_enabled && p.min_count == 1 && p.max_count == 4 &&
      p.upgrade_settings[0].max_surge == "33%" && p.upgrade_settings[0].drain_timeout_in_minutes == 30 &&
      p.orchestrator_version == "1.35"
    ])
    error_message = "Every user pool must be autoscaled 1-4 with surge upgrades on the cluster's version."
  }
}

# Item 2 of issue 16: a zonal disk pins its pod to one zone, and the
# autoscaler can only add a node in that zone if the zone has a pool of its
# own. One pool per zone, kept the same size, is the default.
run "user_pools_are_zonal_by_default" {
  command = plan

  assert {
    condition = (
      length(azurerm_kubernetes_cluster_node_pool.user) == 3 &&
      azurerm_kubernetes_cluster_node_pool.user["1"].name == "workload1" &&
      azurerm_kubernetes_cluster_node_pool.user["1"].zones == toset(["1"]) &&
      azurerm_kubernetes_cluster_node_pool.user["2"].name == "workload2" &&
      azurerm_kubernetes_cluster_node_pool.user["2"].zones == toset(["2"]) &&
      azurerm_kubernetes_cluster_node_pool.user["3"].name == "workload3" &&
      azurerm_kubernetes_cluster_node_pool.user["3"].zones == toset(["3"])
    )
    error_message = "The default user pools must be one pool per zone, workload1..3, each pinned to its zone."
  }
  assert {
    condition     = length(distinct([for p in azurerm_kubernetes_cluster_node_pool.user : p.temporary_name_for_rotation])) == 3
    error_message = "Zonal pools need distinct temporary rotation names."
  }
  assert {
    condition     = azurerm_kubernetes_cluster.this.auto_scaler_profile[0].balance_similar_node_groups
    error_message = "Zonal pools need balance-similar-node-groups, or scale-ups drift to one zone."
  }
}

run "network_and_vault_are_created" {
  command = plan

  assert {
    condition     = length(azurerm_resource_group.this) == 1 && length(azurerm_virtual_network.this) == 1
    error_message = "The resource group and VNet are created by default."
  }
  assert {
    condition     = azurerm_subnet.nodes[0].address_prefixes == tolist(["10.240.0.0/22"]) && azurerm_subnet.private_endpoints[0].address_prefixes == tolist(["10.240.4.0/24"])
    error_message = "Subnets must follow var.virtual_network."
  }
  assert {
    condition = (
      azurerm_key_vault.this[0].name == "kv-rc-test-weu" &&
      azurerm_key_vault.this[0].rbac_authorization_enabled &&
      azurerm_key_vault.this[0].purge_protection_enabled &&
      azurerm_key_vault.this[0].soft_delete_retention_days == 90 &&
      azurerm_key_vault.this[0].public_network_access_enabled == false &&
      azurerm_key_vault.this[0].network_acls[0].default_action == "Deny"
    )
    error_message = "The per-cluster vault must use RBAC, purge protection, 90-day soft delete, no public access and a Deny ACL."
  }
  assert {
    # Item 10 of issue 16: the vault is reached through its private endpoint;
    # a Microsoft.KeyVault service endpoint on the node subnet (and a subnet
    # rule in the vault ACL) did nothing for that path.
    condition     = length(azurerm_subnet.nodes[0].service_endpoint) == 0 && length(azurerm_key_vault.this[0].network_acls[0].virtual_network_subnet_ids) == 0
    error_message = "The node subnet must carry no Key Vault service endpoint and the vault ACL no subnet rule: the private endpoint is the path."
  }
  assert {
    condition     = length(azurerm_private_endpoint.key_vault) == 1 && azurerm_private_endpoint.key_vault[0].private_service_connection[0].subresource_names == tolist(["vault"])
    error_message = "The vault must get a private endpoint for the vault subresource."
  }
  assert {
    condition     = azurerm_private_dns_zone.key_vault[0].name == "privatelink.vaultcore.azure.net" && length(azurerm_private_dns_zone_virtual_network_link.key_vault) == 1
    error_message = "The privatelink zone must be created and linked to the VNet."
  }
  assert {
    condition     = length(data.azurerm_key_vault.shared) == 0 && length(azurerm_role_assignment.eso_secret) == 0
    error_message = "A per-cluster vault uses no shared-vault lookup and no secret-scoped roles."
  }
  assert {
    condition     = length(azurerm_monitor_diagnostic_setting.aks) == 0 && length(azurerm_monitor_diagnostic_setting.key_vault) == 0
    error_message = "Diagnostics are off without a workspace."
  }
}

run "eso_identity_and_vault_scope_role" {
  command = apply

  assert {
    condition     = azurerm_user_assigned_identity.eso.name == "id-rc-test-weu-eso"
    error_message = "The ESO identity name derives from var.name."
  }
  assert {
    condition     = azurerm_federated_identity_credential.eso.subject == "system:serviceaccount:external-secrets:eso-keyvault-reader"
    error_message = "The federated subject must name the referenced service account."
  }
  assert {
    condition     = azurerm_federated_identity_credential.eso.audience == tolist(["api://AzureADTokenExchange"])
    error_message = "The federated audience must be api://AzureADTokenExchange."
  }
  assert {
    condition     = azurerm_federated_identity_credential.eso.issuer == "https://westeurope.oic.prod-aks.azure.com/11111111-1111-1111-1111-111111111111/33333333-3333-3333-3333-333333333333/"
    error_message = "The issuer must be the cluster's OIDC issuer URL."
  }
  assert {
    condition     = azurerm_federated_identity_credential.eso.user_assigned_identity_id == azurerm_user_assigned_identity.eso.id
    error_message = "The credential must belong to the ESO identity."
  }
  assert {
    condition = (
      azurerm_role_assignment.eso_vault[0].scope == "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-rc-test-weu/providers/Microsoft.KeyVault/vaults/kv-rc-test-weu" &&
      azurerm_role_assignment.eso_vault[0].role_definition_name == "Key Vault Secrets User" &&
      azurerm_role_assignment.eso_vault[0].principal_id == "77777777-7777-7777-7777-777777777777" &&
      azurerm_role_assignment.eso_vault[0].principal_type == "ServicePrincipal"
    )
    error_message = "ESO must hold Key Vault Secrets User at vault scope of the per-cluster vault."
  }
  assert {
    condition     = azurerm_role_assignment.cluster_network[0].role_definition_name == "Network Contributor" && azurerm_role_assignment.cluster_network[0].scope == azurerm_subnet.nodes[0].id
    error_message = "The cluster identity needs Network Contributor on the node subnet only."
  }
}

run "outputs_wire_gitops" {
  command = apply

  assert {
    condition     = output.tenant_id == "11111111-1111-1111-1111-111111111111" && output.eso_identity_client_id == "66666666-6666-6666-6666-666666666666"
    error_message = "tenant_id and eso_identity_client_id outputs must carry the Azure values."
  }
  assert {
    condition     = output.key_vault_uri == "https://kv-rc-test-weu.vault.azure.net/" && output.key_vault_mode == "per_cluster"
    error_message = "key_vault_uri must be the per-cluster vault's URI."
  }
  assert {
    condition     = output.oidc_issuer_url == azurerm_kubernetes_cluster.this.oidc_issuer_url && output.cluster_name == "aks-rc-test-weu" && output.cluster_label == "rc-test-weu"
    error_message = "Cluster outputs must carry name, label and issuer."
  }
  assert {
    condition     = output.eso_role_assignment_scopes == tolist([azurerm_key_vault.this[0].id])
    error_message = "The only ESO scope must be the vault."
  }
  assert {
    condition = (
      output.gitops_metadata["azure_tenant_id"] == "11111111-1111-1111-1111-111111111111" &&
      output.gitops_metadata["azure_subscription_id"] == "22222222-2222-2222-2222-222222222222" &&
      output.gitops_metadata["external_secrets_client_id"] == "66666666-6666-6666-6666-666666666666" &&
      output.gitops_metadata["key_vault_uri"] == "https://kv-rc-test-weu.vault.azure.net/" &&
      output.gitops_metadata["external_secrets_namespace"] == "external-secrets" &&
      output.gitops_metadata["key_vault_secret_prefix"] == ""
    )
    error_message = "gitops_metadata must hold the values GitOps needs."
  }
  assert {
    condition     = output.gitops_labels == { cluster_name = "rc-test-weu", environment = "test", enable_external_secrets = "true" }
    error_message = "gitops_labels must carry the selector labels."
  }
  assert {
    condition = (
      strcontains(output.eso_manifest, "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore") &&
      strcontains(output.eso_manifest, "azure.workload.identity/client-id: \"66666666-6666-6666-6666-666666666666\"") &&
      strcontains(output.eso_manifest, "vaultUrl: \"https://kv-rc-test-weu.vault.azure.net/\"") &&
      strcontains(output.eso_manifest, "authType: WorkloadIdentity") &&
      length(regexall("tenant", lower(output.eso_manifest))) > 0 &&
      length(regexall("tenantId:", output.eso_manifest)) == 0
    )
    error_message = "eso_manifest must render the ServiceAccount and a v1 ClusterSecretStore with the tenant only on the ServiceAccount."
  }
}

# Item 6 of issue 16: outputs a GitOps hub needs, next to the OIDC issuer.
run "outputs_for_gitops_registration" {
  command = apply

  override_resource {
    target = azurerm_kubernetes_cluster.this
    values = {
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

  assert {
    condition     = output.fqdn == "rc-test-weu-abcd1234.hcp.westeurope.azmk8s.io" && output.private_fqdn == ""
    error_message = "fqdn and private_fqdn must be the cluster's."
  }
  assert {
    condition     = output.api_server_url == "https://rc-test-weu-abcd1234.hcp.westeurope.azmk8s.io:443"
    error_message = "A public cluster's API server URL is its public FQDN on 443."
  }
  assert {
    condition     = nonsensitive(output.cluster_ca_certificate) == "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="
    error_message = "cluster_ca_certificate must be the API server CA from the cluster's kube_config."
  }
  assert {
    condition     = output.node_resource_group == "MC_rg-rc-test-weu_aks-rc-test-weu_westeurope" && output.gitops_metadata["aks_node_resource_group"] == output.node_resource_group
    error_message = "node_resource_group must be exported and passed to GitOps."
  }
  # kubelet_identity is a computed block AKS fills in; mock providers only
  # generate computed attributes, never blocks absent from the configuration,
  # so only the shape of the output can be checked here.
  assert {
    condition = (
      toset(keys(output.kubelet_identity)) == toset(["client_id", "object_id", "user_assigned_identity_id"]) &&
      contains(keys(output.gitops_metadata), "kubelet_identity_client_id")
    )
    error_message = "kubelet_identity must expose client_id and object_id, and gitops_metadata the kubelet client id."
  }
  assert {
    condition = (
      nonsensitive(output.argocd_cluster.server) == "https://rc-test-weu-abcd1234.hcp.westeurope.azmk8s.io:443" &&
      nonsensitive(output.argocd_cluster.cluster_name) == "rc-test-weu" &&
      nonsensitive(output.argocd_cluster.addons) == output.gitops_labels &&
      nonsensitive(output.argocd_cluster.metadata) == output.gitops_metadata &&
      nonsensitive(jsondecode(output.argocd_cluster.config)).tlsClientConfig.caData == "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==" &&
      !can(nonsensitive(jsondecode(output.argocd_cluster.config)).execProviderConfig)
    )
    error_message = "argocd_cluster must carry server, labels, annotations and the CA; without hub_argocd no exec login."
  }
  assert {
    condition     = output.hub_argocd_identity == null && length(azurerm_user_assigned_identity.hub_argocd) == 0
    error_message = "Without hub_argocd no hub identity is created."
  }
}

# Item 4 of issue 16: the store is usable only from the namespaces that need it.
run "cluster_secret_store_is_limited_to_namespaces" {
  command = apply

  assert {
    condition     = strcontains(output.eso_manifest, "  conditions:\n    - namespaces:\n        - rocketchat\n        - monitoring\n")
    error_message = "The ClusterSecretStore must carry conditions limiting it to the rocketchat and monitoring namespaces by default."
  }
  assert {
    condition     = !strcontains(output.eso_manifest, "namespaceSelector")
    error_message = "No label selector is rendered unless allowed_namespace_labels is set."
  }
}

run "cluster_secret_store_namespace_selector" {
  command = apply

  variables {
    external_secrets = {
      allowed_namespaces       = []
      allowed_namespace_labels = { "platform.example.com/secrets" = "allowed" }
    }
  }

  assert {
    condition     = strcontains(output.eso_manifest, "  conditions:\n    - namespaceSelector:\n        matchLabels:\n          platform.example.com/secrets: \"allowed\"\n")
    error_message = "allowed_namespace_labels must render a namespaceSelector condition."
  }
  assert {
    condition     = !strcontains(output.eso_manifest, "- namespaces:")
    error_message = "An empty allowed_namespaces list renders no namespaces condition."
  }
}

# Item 6 of issue 16: an optional identity for the hub's ArgoCD.
run "hub_argocd_identity_and_exec_login" {
  command = apply

  variables {
    hub_argocd = {
      oidc_issuer_url = "https://westeurope.oic.prod-aks.azure.com/11111111-1111-1111-1111-111111111111/44444444-4444-4444-4444-444444444444/"
    }
  }

  assert {
    condition = (
      azurerm_user_assigned_identity.hub_argocd[0].name == "id-rc-test-weu-hub-argocd" &&
      toset([for c in azurerm_federated_identity_credential.hub_argocd : c.subject]) == toset([
        "system:serviceaccount:argocd:argocd-application-controller",
        "system:serviceaccount:argocd:argocd-server",
      ]) &&
      alltrue([for c in azurerm_federated_identity_credential.hub_argocd : c.issuer == var.hub_argocd.oidc_issuer_url && c.audience == tolist(["api://AzureADTokenExchange"])])
    )
    error_message = "The hub identity must trust the hub's ArgoCD service accounts on the hub's issuer."
  }
  assert {
    condition = (
      azurerm_role_assignment.hub_argocd[0].scope == azurerm_kubernetes_cluster.this.id &&
      azurerm_role_assignment.hub_argocd[0].role_definition_name == "Azure Kubernetes Service RBAC Cluster Admin" &&
      azurerm_role_assignment.hub_argocd[0].principal_id == azurerm_user_assigned_identity.hub_argocd[0].principal_id
    )
    error_message = "The hub identity must be cluster admin on this cluster through Azure RBAC."
  }
  assert {
    condition = (
      nonsensitive(jsondecode(output.argocd_cluster.config)).execProviderConfig.command == "argocd-k8s-auth" &&
      nonsensitive(jsondecode(output.argocd_cluster.config)).execProviderConfig.env.AAD_LOGIN_METHOD == "workloadidentity" &&
      nonsensitive(jsondecode(output.argocd_cluster.config)).execProviderConfig.env.AZURE_CLIENT_ID == output.hub_argocd_identity.client_id
    )
    error_message = "argocd_cluster.config must log in as the hub identity with workload identity."
  }
}

run "diagnostics_when_workspace_given" {
  command = plan

  variables {
    log_analytics_workspace_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-platform"
  }

  assert {
    condition     = length(azurerm_monitor_diagnostic_setting.aks) == 1 && length(azurerm_monitor_diagnostic_setting.key_vault) == 1
    error_message = "A workspace turns on AKS and Key Vault diagnostics."
  }
  assert {
    condition     = toset([for l in azurerm_monitor_diagnostic_setting.aks[0].enabled_log : l.category]) == toset(["cluster-autoscaler", "guard", "kube-apiserver", "kube-audit-admin"])
    error_message = "AKS diagnostics must send the default control-plane categories."
  }
}
