# The AKS cluster: Entra ID + Azure RBAC only (no local accounts), OIDC issuer
# and Workload Identity on, Azure CNI overlay with the Cilium data plane, a
# system pool for critical add-ons and autoscaled user pools (one per zone by
# default, see var.user_node_pool).

resource "azurerm_kubernetes_cluster" "this" {
  name                = local.cluster_name
  location            = var.location
  resource_group_name = local.rg_name
  dns_prefix          = var.name
  kubernetes_version  = var.kubernetes_version
  sku_tier            = var.sku_tier
  tags                = local.tags

  automatic_upgrade_channel = var.automatic_upgrade_channel == "none" ? null : var.automatic_upgrade_channel
  node_os_upgrade_channel   = var.node_os_upgrade_channel

  oidc_issuer_enabled               = true
  workload_identity_enabled         = true
  local_account_disabled            = true
  role_based_access_control_enabled = true
  # Run command would let anyone with the ARM action run kubectl in a pod;
  # operators reach the API server through Entra ID instead.
  run_command_enabled          = false
  azure_policy_enabled         = var.azure_policy_enabled
  image_cleaner_enabled        = true
  image_cleaner_interval_hours = var.image_cleaner_interval_hours
  private_cluster_enabled      = var.private_cluster_enabled
  private_dns_zone_id          = var.private_cluster_enabled ? var.private_dns_zone_id : null
  # With "None" AKS creates no private zone and publishes the API server's
  # private IP under the public FQDN, which therefore has to exist.
  private_cluster_public_fqdn_enabled = var.private_cluster_enabled && var.private_dns_zone_id == "None"

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled     = true
    tenant_id              = local.tenant_id
    admin_group_object_ids = var.admin_group_object_ids
  }

  # A custom private DNS zone needs a user-assigned control-plane identity
  # that already holds its roles when AKS creates the cluster (identity.tf).
  identity {
    type         = local.cluster_identity_user_assigned ? "UserAssigned" : "SystemAssigned"
    identity_ids = local.cluster_identity_user_assigned ? [azurerm_user_assigned_identity.cluster[0].id] : null
  }

  default_node_pool {
    name                         = "system"
    temporary_name_for_rotation  = "systemtmp"
    vm_size                      = var.system_node_pool.vm_size
    only_critical_addons_enabled = true
    auto_scaling_enabled         = true
    min_count                    = var.system_node_pool.min_count
    max_count                    = var.system_node_pool.max_count
    max_pods                     = var.system_node_pool.max_pods
    os_sku                       = var.system_node_pool.os_sku
    os_disk_size_gb              = var.system_node_pool.os_disk_size_gb
    host_encryption_enabled      = var.system_node_pool.host_encryption_enabled
    orchestrator_version         = var.kubernetes_version
    zones                        = var.zones
    vnet_subnet_id               = local.node_subnet_id
    tags                         = local.tags

    upgrade_settings {
      max_surge                     = var.system_node_pool.max_surge
      drain_timeout_in_minutes      = var.system_node_pool.drain_timeout_in_minutes
      node_soak_duration_in_minutes = var.system_node_pool.node_soak_duration_in_minutes
      undrainable_node_behavior     = var.system_node_pool.undrainable_node_behavior
    }
  }

  # With one user pool per zone the autoscaler must keep the zonal pools
  # the same size, or a scale-up lands wherever it likes and the zone spread
  # of the workload decays.
  auto_scaler_profile {
    balance_similar_node_groups = local.zonal_user_pools
  }

  # Required block since azurerm 5.0. Manual: node pools are the ones
  # declared here, not provisioned by node auto-provisioning (Karpenter).
  node_provisioning_profile {
    mode = "Manual"
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
    load_balancer_sku   = "standard"
    outbound_type       = var.network_profile.outbound_type
    pod_cidr            = var.network_profile.pod_cidr
    service_cidr        = var.network_profile.service_cidr
    dns_service_ip      = var.network_profile.dns_service_ip
  }

  dynamic "api_server_access_profile" {
    for_each = var.private_cluster_enabled ? [] : [1]
    content {
      authorized_ip_ranges = var.api_server_authorized_ip_ranges
    }
  }

  dynamic "maintenance_window_auto_upgrade" {
    for_each = contains(keys(var.maintenance_windows), "auto_upgrade") ? [var.maintenance_windows["auto_upgrade"]] : []
    content {
      frequency    = maintenance_window_auto_upgrade.value.frequency
      interval     = maintenance_window_auto_upgrade.value.interval
      duration     = maintenance_window_auto_upgrade.value.duration
      day_of_week  = maintenance_window_auto_upgrade.value.day_of_week
      day_of_month = maintenance_window_auto_upgrade.value.day_of_month
      week_index   = maintenance_window_auto_upgrade.value.week_index
      start_time   = maintenance_window_auto_upgrade.value.start_time
      utc_offset   = maintenance_window_auto_upgrade.value.utc_offset
      start_date   = maintenance_window_auto_upgrade.value.start_date
    }
  }

  dynamic "maintenance_window_node_os" {
    for_each = contains(keys(var.maintenance_windows), "node_os") ? [var.maintenance_windows["node_os"]] : []
    content {
      frequency    = maintenance_window_node_os.value.frequency
      interval     = maintenance_window_node_os.value.interval
      duration     = maintenance_window_node_os.value.duration
      day_of_week  = maintenance_window_node_os.value.day_of_week
      day_of_month = maintenance_window_node_os.value.day_of_month
      week_index   = maintenance_window_node_os.value.week_index
      start_time   = maintenance_window_node_os.value.start_time
      utc_offset   = maintenance_window_node_os.value.utc_offset
      start_date   = maintenance_window_node_os.value.start_date
    }
  }

  lifecycle {
    # The autoscaler owns the node count.
    ignore_changes = [default_node_pool[0].node_count]
  }

  # AKS checks the egress path and (for a custom DNS zone) the identity's
  # roles when it creates the cluster, so these must exist first; the route
  # table read carries the egress checks (network.tf).
  depends_on = [
    data.azurerm_route_table.egress,
    azurerm_subnet_route_table_association.nodes,
    azurerm_subnet_nat_gateway_association.nodes,
    azurerm_role_assignment.cluster_private_dns_zone,
    azurerm_role_assignment.cluster_network_user_assigned,
  ]
}

# One pool per zone (default) or one pool over all zones; see
# local.user_node_pools.
resource "azurerm_kubernetes_cluster_node_pool" "user" {
  for_each = local.user_node_pools

  name                  = each.value.name
  kubernetes_cluster_id = azurerm_kubernetes_cluster.this.id
  mode                  = "User"
  vm_size               = var.user_node_pool.vm_size
  auto_scaling_enabled  = true
  min_count             = var.user_node_pool.min_count
  max_count             = var.user_node_pool.max_count
  max_pods              = var.user_node_pool.max_pods
  os_sku                = var.user_node_pool.os_sku
  os_disk_size_gb       = var.user_node_pool.os_disk_size_gb
  orchestrator_version  = var.kubernetes_version
  zones                 = each.value.zones
  vnet_subnet_id        = local.node_subnet_id
  node_labels           = var.user_node_pool.node_labels
  node_taints           = var.user_node_pool.node_taints
  tags                  = local.tags

  host_encryption_enabled     = var.user_node_pool.host_encryption_enabled
  temporary_name_for_rotation = each.value.temporary_name

  upgrade_settings {
    max_surge                     = var.user_node_pool.max_unavailable == null ? coalesce(var.user_node_pool.max_surge, "33%") : null
    max_unavailable               = var.user_node_pool.max_unavailable
    drain_timeout_in_minutes      = var.user_node_pool.drain_timeout_in_minutes
    node_soak_duration_in_minutes = var.user_node_pool.node_soak_duration_in_minutes
    undrainable_node_behavior     = var.user_node_pool.undrainable_node_behavior
  }

  lifecycle {
    ignore_changes = [node_count]
  }
}

# The cluster identity manages load balancers and NICs in the node subnet.
# A system-assigned identity exists only once the cluster does, so its role
# follows the cluster; a user-assigned one gets it before (identity.tf).
resource "azurerm_role_assignment" "cluster_network" {
  count = local.cluster_identity_user_assigned ? 0 : 1

  scope                = local.node_subnet_id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_kubernetes_cluster.this.identity[0].principal_id
  principal_type       = "ServicePrincipal"
  description          = "AKS ${local.cluster_name}: manage load balancers and NICs in the node subnet"
}
