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
      id              = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-rc-test-weu/providers/Microsoft.ContainerService/managedClusters/aks-rc-test-weu"
      oidc_issuer_url = "https://westeurope.oic.prod-aks.azure.com/11111111-1111-1111-1111-111111111111/33333333-3333-3333-3333-333333333333/"
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

variables {
  name                            = "rc-test-weu"
  environment                     = "test"
  location                        = "westeurope"
  api_server_authorized_ip_ranges = ["203.0.113.0/24"]
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
