# Cluster options of issue 16 (module part), one run per behaviour, with the
# azurerm provider mocked. Each run names the issue item it covers.

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
  mock_data "azurerm_route_table" {
    defaults = {
      route = [{
        name                   = "default-to-firewall"
        address_prefix         = "0.0.0.0/0"
        next_hop_type          = "VirtualAppliance"
        next_hop_in_ip_address = "10.0.0.4"
      }]
      subnets = ["/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-nodes"]
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


# --- Item 1: upgrade channel vs pinned version -----------------------------

run "stable_channel_leaves_version_to_aks" {
  command = apply

  variables {
    automatic_upgrade_channel = "stable"
    kubernetes_version        = null
  }

  # Left unset, kubernetes_version and orchestrator_version are computed:
  # AKS picks, Terraform follows. The mock provider fills computed values
  # with generated strings, so "not the pinned default 1.35" is what shows
  # that no version reaches the cluster or its pools (the old module turned
  # null into the default "1.35").
  assert {
    condition = (
      azurerm_kubernetes_cluster.this.automatic_upgrade_channel == "stable" &&
      azurerm_kubernetes_cluster.this.kubernetes_version != "1.35" &&
      azurerm_kubernetes_cluster.this.default_node_pool[0].orchestrator_version != "1.35" &&
      alltrue([for p in azurerm_kubernetes_cluster_node_pool.user : p.orchestrator_version != "1.35"])
    )
    error_message = "With the stable channel no version may be pinned on the cluster or its pools."
  }
}

run "patch_channel_keeps_a_pinned_minor" {
  command = plan

  variables {
    automatic_upgrade_channel = "patch"
    kubernetes_version        = "1.34"
  }

  assert {
    condition     = azurerm_kubernetes_cluster.this.kubernetes_version == "1.34" && azurerm_kubernetes_cluster.this.automatic_upgrade_channel == "patch"
    error_message = "The patch channel keeps working with a pinned minor."
  }
}

run "node_image_channel_keeps_a_pinned_minor" {
  command = plan

  variables {
    automatic_upgrade_channel = "node-image"
    kubernetes_version        = "1.34"
  }

  assert {
    condition     = azurerm_kubernetes_cluster.this.kubernetes_version == "1.34" && azurerm_kubernetes_cluster.this.automatic_upgrade_channel == "node-image"
    error_message = "The node-image channel keeps working with a pinned minor."
  }
}

# --- Item 2: zonal pools -----------------------------------------------------

run "one_pool_across_zones_when_asked" {
  command = plan

  variables {
    user_node_pool = { per_zone = false, min_count = 2, max_count = 6 }
  }

  assert {
    condition = (
      length(azurerm_kubernetes_cluster_node_pool.user) == 1 &&
      azurerm_kubernetes_cluster_node_pool.user["all"].name == "workload" &&
      azurerm_kubernetes_cluster_node_pool.user["all"].zones == toset(["1", "2", "3"]) &&
      azurerm_kubernetes_cluster_node_pool.user["all"].min_count == 2 &&
      azurerm_kubernetes_cluster.this.auto_scaler_profile[0].balance_similar_node_groups == false
    )
    error_message = "per_zone = false gives one pool over all zones, without balancing."
  }
}

run "regions_without_zones_get_one_pool" {
  command = plan

  variables {
    zones = []
  }

  assert {
    condition     = keys(azurerm_kubernetes_cluster_node_pool.user) == ["all"] && length(azurerm_kubernetes_cluster_node_pool.user["all"].zones) == 0
    error_message = "Without zones there is a single, unzoned user pool."
  }
}

# --- Item 3: outbound types --------------------------------------------------

run "udr_associates_route_table_with_node_subnet" {
  command = plan

  variables {
    network_profile = {
      outbound_type  = "userDefinedRouting"
      route_table_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/routeTables/rt-spoke-egress"
    }
  }

  assert {
    condition = (
      azurerm_kubernetes_cluster.this.network_profile[0].outbound_type == "userDefinedRouting" &&
      azurerm_subnet_route_table_association.nodes[0].route_table_id == var.network_profile.route_table_id &&
      length(azurerm_subnet_nat_gateway_association.nodes) == 0
    )
    error_message = "userDefinedRouting must associate the route table with the node subnet."
  }
  assert {
    condition     = data.azurerm_route_table.egress[0].name == "rt-spoke-egress" && data.azurerm_route_table.egress[0].resource_group_name == "rg-network"
    error_message = "The route table is read back from its id."
  }
}

run "udr_refuses_table_without_default_route_to_firewall" {
  command = plan

  variables {
    network_profile = {
      outbound_type  = "userDefinedRouting"
      route_table_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/routeTables/rt-spoke-egress"
    }
  }

  override_data {
    target = data.azurerm_route_table.egress
    values = {
      route = [{
        name                   = "default-to-internet"
        address_prefix         = "0.0.0.0/0"
        next_hop_type          = "Internet"
        next_hop_in_ip_address = ""
      }]
      subnets = []
    }
  }

  expect_failures = [data.azurerm_route_table.egress]
}

run "udr_with_existing_network_needs_associated_subnet" {
  command = plan

  variables {
    existing_network = {
      virtual_network_id         = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes"
      node_subnet_id             = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-other"
      private_endpoint_subnet_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-pe"
    }
    network_profile = {
      outbound_type  = "userDefinedRouting"
      route_table_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/routeTables/rt-spoke-egress"
    }
  }

  expect_failures = [data.azurerm_route_table.egress]
}

run "udr_with_existing_associated_subnet_is_accepted" {
  command = plan

  variables {
    existing_network = {
      virtual_network_id         = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes"
      node_subnet_id             = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-nodes"
      private_endpoint_subnet_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-pe"
    }
    network_profile = {
      outbound_type  = "userDefinedRouting"
      route_table_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/routeTables/rt-spoke-egress"
    }
  }

  assert {
    condition     = length(azurerm_subnet_route_table_association.nodes) == 0 && azurerm_kubernetes_cluster.this.network_profile[0].outbound_type == "userDefinedRouting"
    error_message = "With an existing, already associated subnet the module creates no association of its own."
  }
}

run "user_nat_gateway_is_associated_with_node_subnet" {
  command = plan

  variables {
    network_profile = {
      outbound_type  = "userAssignedNATGateway"
      nat_gateway_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/natGateways/ng-spoke"
    }
  }

  assert {
    condition = (
      azurerm_kubernetes_cluster.this.network_profile[0].outbound_type == "userAssignedNATGateway" &&
      azurerm_subnet_nat_gateway_association.nodes[0].nat_gateway_id == var.network_profile.nat_gateway_id &&
      length(azurerm_subnet_route_table_association.nodes) == 0 &&
      length(data.azurerm_route_table.egress) == 0
    )
    error_message = "userAssignedNATGateway must associate the NAT gateway with the node subnet."
  }
}

# --- Item 7: private DNS zone --------------------------------------------------

run "private_cluster_with_hub_dns_zone" {
  command = plan

  variables {
    private_cluster_enabled         = true
    api_server_authorized_ip_ranges = []
    private_dns_zone_id             = "/subscriptions/55555555-5555-5555-5555-555555555555/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io"
  }

  assert {
    condition     = azurerm_kubernetes_cluster.this.private_dns_zone_id == var.private_dns_zone_id && azurerm_kubernetes_cluster.this.private_cluster_public_fqdn_enabled == false
    error_message = "A hub zone id must reach the cluster."
  }
  assert {
    condition = (
      azurerm_kubernetes_cluster.this.identity[0].type == "UserAssigned" &&
      azurerm_user_assigned_identity.cluster[0].name == "id-rc-test-weu-aks" &&
      azurerm_role_assignment.cluster_private_dns_zone[0].scope == var.private_dns_zone_id &&
      azurerm_role_assignment.cluster_private_dns_zone[0].role_definition_name == "Private DNS Zone Contributor" &&
      azurerm_role_assignment.cluster_network_user_assigned[0].role_definition_name == "Network Contributor" &&
      length(azurerm_role_assignment.cluster_network) == 0
    )
    error_message = "A custom zone needs a user-assigned control-plane identity with DNS zone and network roles made before the cluster."
  }
}

run "private_cluster_without_private_zone" {
  command = plan

  variables {
    private_cluster_enabled         = true
    api_server_authorized_ip_ranges = []
    private_dns_zone_id             = "None"
  }

  assert {
    condition = (
      azurerm_kubernetes_cluster.this.private_dns_zone_id == "None" &&
      azurerm_kubernetes_cluster.this.private_cluster_public_fqdn_enabled &&
      azurerm_kubernetes_cluster.this.identity[0].type == "SystemAssigned" &&
      length(azurerm_user_assigned_identity.cluster) == 0
    )
    error_message = "None means no private zone, the public FQDN on, and no extra identity."
  }
}

run "private_cluster_defaults_to_system_zone" {
  command = plan

  variables {
    private_cluster_enabled         = true
    api_server_authorized_ip_ranges = []
  }

  assert {
    condition     = azurerm_kubernetes_cluster.this.private_dns_zone_id == "System" && azurerm_kubernetes_cluster.this.identity[0].type == "SystemAssigned"
    error_message = "The default private zone stays System."
  }
}

# --- Item 9: upgrade settings ----------------------------------------------------

run "upgrade_settings_reach_both_pools" {
  command = plan

  variables {
    system_node_pool = {
      max_surge                     = "1"
      drain_timeout_in_minutes      = 45
      node_soak_duration_in_minutes = 5
      undrainable_node_behavior     = "Cordon"
    }
    user_node_pool = {
      max_unavailable               = "1"
      drain_timeout_in_minutes      = 60
      node_soak_duration_in_minutes = 10
      undrainable_node_behavior     = "Schedule"
    }
  }

  assert {
    condition = (
      azurerm_kubernetes_cluster.this.default_node_pool[0].upgrade_settings[0].max_surge == "1" &&
      azurerm_kubernetes_cluster.this.default_node_pool[0].upgrade_settings[0].drain_timeout_in_minutes == 45 &&
      azurerm_kubernetes_cluster.this.default_node_pool[0].upgrade_settings[0].node_soak_duration_in_minutes == 5 &&
      azurerm_kubernetes_cluster.this.default_node_pool[0].upgrade_settings[0].undrainable_node_behavior == "Cordon"
    )
    error_message = "The system pool's upgrade settings must follow var.system_node_pool."
  }
  assert {
    condition = alltrue([
      for p in azurerm_kubernetes_cluster_node_pool.user :
      p.upgrade_settings[0].max_unavailable == "1" &&
      p.upgrade_settings[0].max_surge == null &&
      p.upgrade_settings[0].drain_timeout_in_minutes == 60 &&
      p.upgrade_settings[0].node_soak_duration_in_minutes == 10 &&
      p.upgrade_settings[0].undrainable_node_behavior == "Schedule"
    ])
    error_message = "The user pools' upgrade settings must follow var.user_node_pool, with max_unavailable instead of max_surge."
  }
}

run "maintenance_window_interval_at_its_bound" {
  command = plan

  variables {
    maintenance_windows = {
      auto_upgrade = {
        frequency   = "Weekly"
        interval    = 4
        duration    = 4
        day_of_week = "Sunday"
        start_time  = "02:00"
      }
      node_os = {
        frequency  = "Daily"
        interval   = 7
        duration   = 4
        start_time = "02:00"
      }
    }
  }

  assert {
    condition     = azurerm_kubernetes_cluster.this.maintenance_window_auto_upgrade[0].interval == 4 && azurerm_kubernetes_cluster.this.maintenance_window_node_os[0].interval == 7
    error_message = "Intervals at the AKS maximum (Weekly 4, Daily 7) must be accepted."
  }
}

# --- Item 10: small things ------------------------------------------------------

run "api_ranges_up_to_a_slash_8_are_accepted" {
  command = plan

  variables {
    # Two /9 halves of one /8, plus a range inside the first: 2^24 addresses.
    api_server_authorized_ip_ranges = ["198.0.0.0/9", "198.128.0.0/9", "198.51.100.0/24"]
  }

  assert {
    condition     = length(azurerm_kubernetes_cluster.this.api_server_access_profile[0].authorized_ip_ranges) == 3
    error_message = "Ranges that together cover one /8 are an allow-list, not the internet."
  }
}

run "key_vault_name_gets_unique_suffix" {
  command = plan

  variables {
    key_vault = { unique_name = true }
  }

  assert {
    condition     = azurerm_key_vault.this[0].name == "kv-rc-test-weu-${substr(sha256("22222222-2222-2222-2222-222222222222/rc-test-weu"), 0, 5)}"
    error_message = "unique_name must append five hex characters of the subscription/name hash."
  }
}

run "key_vault_unique_name_fits_24_characters" {
  command = plan

  variables {
    name      = "rocketchat-prod-weu-1"
    key_vault = { unique_name = true }
  }

  assert {
    condition     = can(regex("^kv-rocketchat-prod-[0-9a-f]{5}$", azurerm_key_vault.this[0].name)) && length(azurerm_key_vault.this[0].name) <= 24
    error_message = "A long spoke name is shortened (no trailing hyphen) so the vault name keeps 24 characters."
  }
}
