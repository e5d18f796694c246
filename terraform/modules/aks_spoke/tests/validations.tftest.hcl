# One run per validation rule: each feeds a single invalid value (everything
# else valid) and expects exactly that variable's validation to fail.

# The provider is mocked but still validates arguments, so ids are
# well-formed ARM ids: a run must fail on its validation, nothing else.
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

run "name_rejects_uppercase_and_double_hyphen" {
  command = plan

  variables {
    name = "rc--Prod"
  }

  expect_failures = [var.name]
}

run "name_rejects_too_long" {
  command = plan

  variables {
    name = "rocketchat-production-weu"
  }

  expect_failures = [var.name]
}

run "environment_rejects_symbols" {
  command = plan

  variables {
    environment = "prod_1"
  }

  expect_failures = [var.environment]
}

run "location_rejects_display_name" {
  command = plan

  variables {
    location = "West Europe"
  }

  expect_failures = [var.location]
}

run "cluster_label_rejects_invalid_label" {
  command = plan

  variables {
    cluster_label = "-rc/prod"
  }

  expect_failures = [var.cluster_label]
}

run "resource_group_name_required_without_create" {
  command = plan

  variables {
    create_resource_group = false
  }

  expect_failures = [var.resource_group_name]
}

run "resource_group_name_rejects_trailing_dot" {
  command = plan

  variables {
    resource_group_name = "rg-spoke."
  }

  expect_failures = [var.resource_group_name]
}

run "virtual_network_rejects_bad_cidr" {
  command = plan

  variables {
    virtual_network = {
      address_space                  = ["10.240.0.0/16"]
      node_subnet_prefix             = "10.240.0.0/33"
      private_endpoint_subnet_prefix = "10.240.4.0/24"
    }
  }

  expect_failures = [var.virtual_network]
}

run "virtual_network_rejects_subnet_outside_space" {
  command = plan

  variables {
    virtual_network = {
      address_space                  = ["10.240.0.0/16"]
      node_subnet_prefix             = "10.241.0.0/22"
      private_endpoint_subnet_prefix = "10.240.4.0/24"
    }
  }

  expect_failures = [var.virtual_network]
}

run "existing_network_rejects_non_subnet_id" {
  command = plan

  variables {
    existing_network = {
      virtual_network_id         = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes"
      node_subnet_id             = "snet-nodes"
      private_endpoint_subnet_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-pe"
    }
  }

  expect_failures = [var.existing_network]
}

run "existing_network_needs_private_endpoint_subnet" {
  command = plan

  variables {
    existing_network = {
      virtual_network_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes"
      node_subnet_id     = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-nodes"
    }
  }

  expect_failures = [var.existing_network]
}

run "kubernetes_version_rejects_bad_format" {
  command = plan

  variables {
    kubernetes_version = "v1.34"
  }

  expect_failures = [var.kubernetes_version]
}

run "kubernetes_version_patch_needs_channel_none" {
  command = plan

  variables {
    kubernetes_version = "1.34.2"
  }

  expect_failures = [var.kubernetes_version]
}

run "sku_tier_rejects_paid" {
  command = plan

  variables {
    sku_tier = "Paid"
  }

  expect_failures = [var.sku_tier]
}

run "automatic_upgrade_channel_rejects_unknown" {
  command = plan

  variables {
    automatic_upgrade_channel = "weekly"
  }

  expect_failures = [var.automatic_upgrade_channel]
}

run "node_os_upgrade_channel_rejects_unknown" {
  command = plan

  variables {
    node_os_upgrade_channel = "Nightly"
  }

  expect_failures = [var.node_os_upgrade_channel]
}

run "node_os_upgrade_channel_must_match_node_image" {
  command = plan

  variables {
    automatic_upgrade_channel = "node-image"
    node_os_upgrade_channel   = "SecurityPatch"
  }

  expect_failures = [var.node_os_upgrade_channel]
}

run "maintenance_window_auto_upgrade_rejects_short_duration" {
  command = plan

  variables {
    maintenance_windows = {
      auto_upgrade = {
        frequency   = "Weekly"
        interval    = 1
        duration    = 2
        day_of_week = "Sunday"
        start_time  = "02:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "maintenance_window_auto_upgrade_weekly_needs_day" {
  command = plan

  variables {
    maintenance_windows = {
      auto_upgrade = {
        frequency  = "Weekly"
        interval   = 1
        duration   = 4
        start_time = "02:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "maintenance_window_node_os_rejects_bad_time" {
  command = plan

  variables {
    maintenance_windows = {
      node_os = {
        frequency   = "Weekly"
        interval    = 1
        duration    = 4
        day_of_week = "Saturday"
        start_time  = "25:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "maintenance_window_node_os_monthly_needs_day_of_month" {
  command = plan

  variables {
    maintenance_windows = {
      node_os = {
        frequency  = "AbsoluteMonthly"
        interval   = 1
        duration   = 4
        start_time = "02:00"
        utc_offset = "+01:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "maintenance_windows_reject_unknown_key" {
  command = plan

  variables {
    maintenance_windows = {
      weekly = {
        frequency   = "Weekly"
        interval    = 1
        duration    = 4
        day_of_week = "Sunday"
        start_time  = "02:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "zones_reject_unknown_zone" {
  command = plan

  variables {
    zones = ["1", "4"]
  }

  expect_failures = [var.zones]
}

run "system_node_pool_rejects_min_above_max" {
  command = plan

  variables {
    system_node_pool = { min_count = 4, max_count = 3 }
  }

  expect_failures = [var.system_node_pool]
}

run "user_node_pool_rejects_bad_taint" {
  command = plan

  variables {
    user_node_pool = { node_taints = ["dedicated"] }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_long_name" {
  command = plan

  variables {
    user_node_pool = { name = "rocketchatpool" }
  }

  expect_failures = [var.user_node_pool]
}

run "network_profile_rejects_dns_ip_outside_service_cidr" {
  command = plan

  variables {
    network_profile = { dns_service_ip = "10.0.0.10" }
  }

  expect_failures = [var.network_profile]
}

run "api_server_ranges_reject_open_internet" {
  command = plan

  variables {
    api_server_authorized_ip_ranges = ["0.0.0.0/0"]
  }

  expect_failures = [var.api_server_authorized_ip_ranges]
}

run "api_server_ranges_required_for_public_cluster" {
  command = plan

  variables {
    api_server_authorized_ip_ranges = []
  }

  expect_failures = [var.api_server_authorized_ip_ranges]
}

run "admin_group_object_ids_reject_names" {
  command = plan

  variables {
    admin_group_object_ids = ["aks-admins"]
  }

  expect_failures = [var.admin_group_object_ids]
}

run "image_cleaner_interval_rejects_too_short" {
  command = plan

  variables {
    image_cleaner_interval_hours = 12
  }

  expect_failures = [var.image_cleaner_interval_hours]
}

run "log_analytics_workspace_id_rejects_name" {
  command = plan

  variables {
    log_analytics_workspace_id = "law-platform"
  }

  expect_failures = [var.log_analytics_workspace_id]
}

run "aks_diagnostic_log_categories_reject_unknown" {
  command = plan

  variables {
    aks_diagnostic_log_categories = ["kube-audit", "everything"]
  }

  expect_failures = [var.aks_diagnostic_log_categories]
}

run "key_vault_rejects_short_retention" {
  command = plan

  variables {
    key_vault = { soft_delete_retention_days = 3 }
  }

  expect_failures = [var.key_vault]
}

run "key_vault_rejects_unreachable_vault" {
  command = plan

  variables {
    key_vault = { private_endpoint_enabled = false }
  }

  expect_failures = [var.key_vault]
}

run "existing_key_vault_id_rejects_name" {
  command = plan

  variables {
    existing_key_vault_id     = "kv-platform-shared"
    shared_vault_secret_names = ["rc-test-weu--mongodb-uri"]
  }

  expect_failures = [var.existing_key_vault_id]
}

run "shared_secret_names_need_cluster_prefix" {
  command = plan

  variables {
    existing_key_vault_id     = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-shared"
    shared_vault_secret_names = ["rc-test-weu-2--mongodb-uri"]
  }

  expect_failures = [var.shared_vault_secret_names]
}

run "shared_secret_names_required_for_shared_vault" {
  command = plan

  variables {
    existing_key_vault_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-shared"
  }

  expect_failures = [var.shared_vault_secret_names]
}

run "shared_secret_names_refused_for_per_cluster_vault" {
  command = plan

  variables {
    shared_vault_secret_names = ["rc-test-weu--mongodb-uri"]
  }

  expect_failures = [var.shared_vault_secret_names]
}

run "shared_secret_names_reject_duplicates" {
  command = plan

  variables {
    existing_key_vault_id     = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-shared"
    shared_vault_secret_names = ["rc-test-weu--mongodb-uri", "rc-test-weu--mongodb-uri"]
  }

  expect_failures = [var.shared_vault_secret_names]
}

run "secrets_officer_ids_reject_names" {
  command = plan

  variables {
    key_vault_secrets_officer_principal_ids = ["platform-team"]
  }

  expect_failures = [var.key_vault_secrets_officer_principal_ids]
}

run "external_secrets_rejects_invalid_namespace" {
  command = plan

  variables {
    external_secrets = { namespace = "External_Secrets" }
  }

  expect_failures = [var.external_secrets]
}

# Issue 16 item 1: stable/rapid move the minor version themselves.

run "kubernetes_version_refused_with_stable_channel" {
  command = plan

  variables {
    automatic_upgrade_channel = "stable"
    kubernetes_version        = "1.35"
  }

  expect_failures = [var.kubernetes_version]
}

run "kubernetes_version_refused_with_rapid_channel" {
  command = plan

  variables {
    automatic_upgrade_channel = "rapid"
    kubernetes_version        = "1.35"
  }

  expect_failures = [var.kubernetes_version]
}

# Issue 16 item 3: egress types need their route table / NAT gateway.

run "network_profile_udr_needs_route_table" {
  command = plan

  variables {
    network_profile = { outbound_type = "userDefinedRouting" }
  }

  expect_failures = [var.network_profile]
}

run "network_profile_user_nat_needs_nat_gateway" {
  command = plan

  variables {
    network_profile = { outbound_type = "userAssignedNATGateway" }
  }

  expect_failures = [var.network_profile]
}

run "network_profile_route_table_only_with_udr" {
  command = plan

  variables {
    network_profile = { route_table_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/routeTables/rt-egress" }
  }

  expect_failures = [var.network_profile]
}

run "network_profile_nat_gateway_only_with_user_nat" {
  command = plan

  variables {
    network_profile = { nat_gateway_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/natGateways/ng-spoke" }
  }

  expect_failures = [var.network_profile]
}

run "network_profile_rejects_bad_route_table_id" {
  command = plan

  variables {
    network_profile = { outbound_type = "userDefinedRouting", route_table_id = "rt-egress" }
  }

  expect_failures = [var.network_profile]
}

run "network_profile_rejects_bad_nat_gateway_id" {
  command = plan

  variables {
    network_profile = { outbound_type = "userAssignedNATGateway", nat_gateway_id = "ng-spoke" }
  }

  expect_failures = [var.network_profile]
}

# Issue 16 item 4: the ClusterSecretStore must be restricted.

run "external_secrets_needs_namespace_conditions" {
  command = plan

  variables {
    external_secrets = { allowed_namespaces = [] }
  }

  expect_failures = [var.external_secrets]
}

run "external_secrets_rejects_invalid_allowed_namespace" {
  command = plan

  variables {
    external_secrets = { allowed_namespaces = ["Rocket_Chat"] }
  }

  expect_failures = [var.external_secrets]
}

run "external_secrets_rejects_invalid_namespace_label" {
  command = plan

  variables {
    external_secrets = { allowed_namespace_labels = { "secrets" = "not allowed!" } }
  }

  expect_failures = [var.external_secrets]
}

# Issue 16 item 5: somebody must be able to administer the cluster.

run "admin_group_object_ids_reject_empty" {
  command = plan

  variables {
    admin_group_object_ids = []
  }

  expect_failures = [var.admin_group_object_ids]
}

# Issue 16 item 6: hub ArgoCD identity inputs.

run "hub_argocd_rejects_non_https_issuer" {
  command = plan

  variables {
    hub_argocd = { oidc_issuer_url = "westeurope.oic.prod-aks.azure.com/hub" }
  }

  expect_failures = [var.hub_argocd]
}

run "hub_argocd_rejects_empty_service_accounts" {
  command = plan

  variables {
    hub_argocd = { oidc_issuer_url = "https://westeurope.oic.prod-aks.azure.com/hub/", service_accounts = [] }
  }

  expect_failures = [var.hub_argocd]
}

# Issue 16 item 7: private DNS zone.

run "private_dns_zone_id_rejects_other_zone" {
  command = plan

  variables {
    private_cluster_enabled         = true
    api_server_authorized_ip_ranges = []
    private_dns_zone_id             = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"
  }

  expect_failures = [var.private_dns_zone_id]
}

run "private_dns_zone_id_only_for_private_clusters" {
  command = plan

  variables {
    private_dns_zone_id = "None"
  }

  expect_failures = [var.private_dns_zone_id]
}

# Issue 16 item 9: upgrade settings and window intervals.

run "maintenance_window_weekly_interval_above_4" {
  command = plan

  variables {
    maintenance_windows = {
      auto_upgrade = {
        frequency   = "Weekly"
        interval    = 5
        duration    = 4
        day_of_week = "Sunday"
        start_time  = "02:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "maintenance_window_daily_interval_above_7" {
  command = plan

  variables {
    maintenance_windows = {
      node_os = {
        frequency  = "Daily"
        interval   = 8
        duration   = 4
        start_time = "02:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "maintenance_window_absolute_monthly_interval_above_6" {
  command = plan

  variables {
    maintenance_windows = {
      node_os = {
        frequency    = "AbsoluteMonthly"
        interval     = 7
        duration     = 4
        day_of_month = 1
        start_time   = "02:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "maintenance_window_relative_monthly_interval_above_6" {
  command = plan

  variables {
    maintenance_windows = {
      auto_upgrade = {
        frequency   = "RelativeMonthly"
        interval    = 7
        duration    = 4
        day_of_week = "Sunday"
        week_index  = "First"
        start_time  = "02:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "user_node_pool_rejects_surge_and_unavailable" {
  command = plan

  variables {
    user_node_pool = { max_surge = "1", max_unavailable = "1" }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_bad_max_unavailable" {
  command = plan

  variables {
    user_node_pool = { max_unavailable = "one" }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_bad_max_surge" {
  command = plan

  variables {
    user_node_pool = { max_surge = "150%" }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_unknown_undrainable_behavior" {
  command = plan

  variables {
    user_node_pool = { undrainable_node_behavior = "Delete" }
  }

  expect_failures = [var.user_node_pool]
}

run "system_node_pool_rejects_unknown_undrainable_behavior" {
  command = plan

  variables {
    system_node_pool = { undrainable_node_behavior = "Evict" }
  }

  expect_failures = [var.system_node_pool]
}

# Issue 16 item 2: zonal pool names get the zone digit appended.

run "user_node_pool_zonal_name_leaves_room_for_zone" {
  command = plan

  variables {
    user_node_pool = { name = "rocketchatpl" }
  }

  expect_failures = [var.user_node_pool]
}

# Issue 16 item 10: what the API allow-list covers, not how it is written.

run "api_server_ranges_reject_internet_in_two_halves" {
  command = plan

  variables {
    api_server_authorized_ip_ranges = ["0.0.0.0/1", "128.0.0.0/1"]
  }

  expect_failures = [var.api_server_authorized_ip_ranges]
}

run "api_server_ranges_reject_more_than_a_slash_8" {
  command = plan

  variables {
    api_server_authorized_ip_ranges = ["198.0.0.0/8", "203.0.113.0/24"]
  }

  expect_failures = [var.api_server_authorized_ip_ranges]
}

run "api_server_ranges_reject_ipv6" {
  command = plan

  variables {
    api_server_authorized_ip_ranges = ["2001:db8::/64"]
  }

  expect_failures = [var.api_server_authorized_ip_ranges]
}

run "key_vault_rejects_name_with_unique_name" {
  command = plan

  variables {
    key_vault = { name = "kv-rc-test", unique_name = true }
  }

  expect_failures = [var.key_vault]
}

# Every other sub-condition of a compound validation, one case each.

run "name_rejects_too_short" {
  command = plan

  variables {
    name = "rc"
  }

  expect_failures = [var.name]
}

run "name_rejects_uppercase" {
  command = plan

  variables {
    name = "rc-Prod"
  }

  expect_failures = [var.name]
}

run "name_rejects_double_hyphen" {
  command = plan

  variables {
    name = "rc--prod"
  }

  expect_failures = [var.name]
}

run "name_rejects_trailing_hyphen" {
  command = plan

  variables {
    name = "rc-prod-"
  }

  expect_failures = [var.name]
}

run "virtual_network_rejects_empty_address_space" {
  command = plan

  variables {
    virtual_network = {
      address_space                  = []
      node_subnet_prefix             = "10.240.0.0/22"
      private_endpoint_subnet_prefix = "10.240.4.0/24"
    }
  }

  expect_failures = [var.virtual_network]
}

run "virtual_network_rejects_bad_address_space" {
  command = plan

  variables {
    virtual_network = {
      address_space                  = ["10.240.0.0"]
      node_subnet_prefix             = "10.240.0.0/22"
      private_endpoint_subnet_prefix = "10.240.4.0/24"
    }
  }

  expect_failures = [var.virtual_network]
}

run "virtual_network_rejects_bad_private_endpoint_prefix" {
  command = plan

  variables {
    virtual_network = {
      address_space                  = ["10.240.0.0/16"]
      node_subnet_prefix             = "10.240.0.0/22"
      private_endpoint_subnet_prefix = "10.240.4.0"
    }
  }

  expect_failures = [var.virtual_network]
}

run "virtual_network_rejects_private_endpoint_subnet_outside_space" {
  command = plan

  variables {
    virtual_network = {
      address_space                  = ["10.240.0.0/16"]
      node_subnet_prefix             = "10.240.0.0/22"
      private_endpoint_subnet_prefix = "10.250.4.0/24"
    }
  }

  expect_failures = [var.virtual_network]
}

run "existing_network_rejects_non_vnet_id" {
  command = plan

  variables {
    existing_network = {
      virtual_network_id         = "vnet-spokes"
      node_subnet_id             = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-nodes"
      private_endpoint_subnet_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-pe"
    }
  }

  expect_failures = [var.existing_network]
}

run "existing_network_rejects_non_subnet_private_endpoint_id" {
  command = plan

  variables {
    existing_network = {
      virtual_network_id         = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes"
      node_subnet_id             = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spokes/subnets/snet-nodes"
      private_endpoint_subnet_id = "snet-pe"
    }
  }

  expect_failures = [var.existing_network]
}

run "maintenance_window_rejects_unknown_frequency" {
  command = plan

  variables {
    maintenance_windows = {
      auto_upgrade = {
        frequency  = "Hourly"
        interval   = 1
        duration   = 4
        start_time = "02:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "maintenance_window_rejects_zero_interval" {
  command = plan

  variables {
    maintenance_windows = {
      auto_upgrade = {
        frequency   = "Weekly"
        interval    = 0
        duration    = 4
        day_of_week = "Sunday"
        start_time  = "02:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "maintenance_window_rejects_long_duration" {
  command = plan

  variables {
    maintenance_windows = {
      auto_upgrade = {
        frequency   = "Weekly"
        interval    = 1
        duration    = 25
        day_of_week = "Sunday"
        start_time  = "02:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "maintenance_window_rejects_bad_utc_offset" {
  command = plan

  variables {
    maintenance_windows = {
      node_os = {
        frequency   = "Weekly"
        interval    = 1
        duration    = 4
        day_of_week = "Saturday"
        start_time  = "02:00"
        utc_offset  = "+1"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "maintenance_window_relative_monthly_needs_week_index" {
  command = plan

  variables {
    maintenance_windows = {
      node_os = {
        frequency   = "RelativeMonthly"
        interval    = 1
        duration    = 4
        day_of_week = "Saturday"
        start_time  = "02:00"
      }
    }
  }

  expect_failures = [var.maintenance_windows]
}

run "system_node_pool_rejects_zero_min" {
  command = plan

  variables {
    system_node_pool = { min_count = 0 }
  }

  expect_failures = [var.system_node_pool]
}

run "system_node_pool_rejects_max_above_1000" {
  command = plan

  variables {
    system_node_pool = { max_count = 1001 }
  }

  expect_failures = [var.system_node_pool]
}

run "system_node_pool_rejects_few_max_pods" {
  command = plan

  variables {
    system_node_pool = { max_pods = 30 }
  }

  expect_failures = [var.system_node_pool]
}

run "system_node_pool_rejects_many_max_pods" {
  command = plan

  variables {
    system_node_pool = { max_pods = 251 }
  }

  expect_failures = [var.system_node_pool]
}

run "system_node_pool_rejects_windows_os_sku" {
  command = plan

  variables {
    system_node_pool = { os_sku = "Windows2022" }
  }

  expect_failures = [var.system_node_pool]
}

run "system_node_pool_rejects_bad_max_surge" {
  command = plan

  variables {
    system_node_pool = { max_surge = "0" }
  }

  expect_failures = [var.system_node_pool]
}

run "system_node_pool_rejects_zero_drain_timeout" {
  command = plan

  variables {
    system_node_pool = { drain_timeout_in_minutes = 0 }
  }

  expect_failures = [var.system_node_pool]
}

run "system_node_pool_rejects_long_soak" {
  command = plan

  variables {
    system_node_pool = { node_soak_duration_in_minutes = 31 }
  }

  expect_failures = [var.system_node_pool]
}

run "user_node_pool_rejects_name_system" {
  command = plan

  variables {
    user_node_pool = { name = "system" }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_negative_min" {
  command = plan

  variables {
    user_node_pool = { min_count = -1 }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_zero_max" {
  command = plan

  variables {
    user_node_pool = { min_count = 0, max_count = 0 }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_max_above_1000" {
  command = plan

  variables {
    user_node_pool = { max_count = 1001 }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_min_above_max" {
  command = plan

  variables {
    user_node_pool = { min_count = 5, max_count = 4 }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_few_max_pods" {
  command = plan

  variables {
    user_node_pool = { max_pods = 30 }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_many_max_pods" {
  command = plan

  variables {
    user_node_pool = { max_pods = 251 }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_windows_os_sku" {
  command = plan

  variables {
    user_node_pool = { os_sku = "Windows2022" }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_long_drain_timeout" {
  command = plan

  variables {
    user_node_pool = { drain_timeout_in_minutes = 1441 }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_long_soak" {
  command = plan

  variables {
    user_node_pool = { node_soak_duration_in_minutes = 31 }
  }

  expect_failures = [var.user_node_pool]
}

run "network_profile_rejects_bad_pod_cidr" {
  command = plan

  variables {
    network_profile = { pod_cidr = "192.168.0.0" }
  }

  expect_failures = [var.network_profile]
}

run "network_profile_rejects_bad_service_cidr" {
  command = plan

  variables {
    network_profile = { service_cidr = "172.16.0.0/33" }
  }

  expect_failures = [var.network_profile]
}

run "network_profile_rejects_dns_ip_that_is_no_address" {
  command = plan

  variables {
    network_profile = { dns_service_ip = "dns.local" }
  }

  expect_failures = [var.network_profile]
}

run "network_profile_rejects_unknown_outbound_type" {
  command = plan

  variables {
    network_profile = { outbound_type = "none" }
  }

  expect_failures = [var.network_profile]
}

run "key_vault_rejects_invalid_name" {
  command = plan

  variables {
    key_vault = { name = "1kv_rc" }
  }

  expect_failures = [var.key_vault]
}

run "key_vault_rejects_name_with_double_hyphen" {
  command = plan

  variables {
    key_vault = { name = "kv--rc-test" }
  }

  expect_failures = [var.key_vault]
}

run "key_vault_rejects_unknown_sku" {
  command = plan

  variables {
    key_vault = { sku_name = "basic" }
  }

  expect_failures = [var.key_vault]
}

run "key_vault_rejects_long_retention" {
  command = plan

  variables {
    key_vault = { soft_delete_retention_days = 91 }
  }

  expect_failures = [var.key_vault]
}

run "key_vault_rejects_open_ip_range" {
  command = plan

  variables {
    key_vault = { public_network_access_enabled = true, allowed_ip_ranges = ["0.0.0.0/0"] }
  }

  expect_failures = [var.key_vault]
}

run "key_vault_rejects_bad_ip_range" {
  command = plan

  variables {
    key_vault = { public_network_access_enabled = true, allowed_ip_ranges = ["198.51.100.7"] }
  }

  expect_failures = [var.key_vault]
}

run "key_vault_rejects_other_dns_zone" {
  command = plan

  variables {
    key_vault = { private_dns_zone_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net" }
  }

  expect_failures = [var.key_vault]
}

run "shared_secret_names_reject_invalid_characters" {
  command = plan

  variables {
    existing_key_vault_id     = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-shared"
    shared_vault_secret_names = ["rc-test-weu--mongodb_uri"]
  }

  expect_failures = [var.shared_vault_secret_names]
}

run "shared_secret_names_reject_bare_prefix" {
  command = plan

  variables {
    existing_key_vault_id     = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-shared"
    shared_vault_secret_names = ["rc-test-weu--"]
  }

  expect_failures = [var.shared_vault_secret_names]
}

run "external_secrets_rejects_invalid_service_account" {
  command = plan

  variables {
    external_secrets = { service_account_name = "ESO_Reader" }
  }

  expect_failures = [var.external_secrets]
}

run "external_secrets_rejects_invalid_store_name" {
  command = plan

  variables {
    external_secrets = { cluster_secret_store_name = "Azure KV" }
  }

  expect_failures = [var.external_secrets]
}

run "system_node_pool_rejects_long_drain_timeout" {
  command = plan

  variables {
    system_node_pool = { drain_timeout_in_minutes = 1441 }
  }

  expect_failures = [var.system_node_pool]
}

run "system_node_pool_rejects_negative_soak" {
  command = plan

  variables {
    system_node_pool = { node_soak_duration_in_minutes = -1 }
  }

  expect_failures = [var.system_node_pool]
}

run "user_node_pool_rejects_zero_drain_timeout" {
  command = plan

  variables {
    user_node_pool = { drain_timeout_in_minutes = 0 }
  }

  expect_failures = [var.user_node_pool]
}

run "user_node_pool_rejects_negative_soak" {
  command = plan

  variables {
    user_node_pool = { node_soak_duration_in_minutes = -1 }
  }

  expect_failures = [var.user_node_pool]
}

run "image_cleaner_interval_rejects_too_long" {
  command = plan

  variables {
    image_cleaner_interval_hours = 2161
  }

  expect_failures = [var.image_cleaner_interval_hours]
}

run "zones_reject_duplicates" {
  command = plan

  variables {
    zones = ["1", "1"]
  }

  expect_failures = [var.zones]
}

run "api_server_ranges_reject_invalid_ipv4" {
  command = plan

  variables {
    api_server_authorized_ip_ranges = ["300.1.1.0/24"]
  }

  expect_failures = [var.api_server_authorized_ip_ranges]
}

run "external_secrets_rejects_invalid_namespace_label_key" {
  command = plan

  variables {
    external_secrets = { allowed_namespace_labels = { "-secrets" = "allowed" } }
  }

  expect_failures = [var.external_secrets]
}

run "hub_argocd_rejects_invalid_namespace" {
  command = plan

  variables {
    hub_argocd = { oidc_issuer_url = "https://westeurope.oic.prod-aks.azure.com/hub/", namespace = "Argo_CD" }
  }

  expect_failures = [var.hub_argocd]
}

run "hub_argocd_rejects_invalid_service_account" {
  command = plan

  variables {
    hub_argocd = { oidc_issuer_url = "https://westeurope.oic.prod-aks.azure.com/hub/", service_accounts = ["ArgoCD Server"] }
  }

  expect_failures = [var.hub_argocd]
}
