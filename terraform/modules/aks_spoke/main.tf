# Resource group and the caller's tenant/subscription.

data "azurerm_client_config" "current" {}

resource "azurerm_resource_group" "this" {
  count = var.create_resource_group ? 1 : 0

  name     = local.resource_group_name
  location = var.location
  tags     = local.tags
}

# Resources go into the group by name; when the module creates it, this
# reference orders them after it.
locals {
  rg_name = var.create_resource_group ? azurerm_resource_group.this[0].name : local.resource_group_name
}

# Addresses that changed before the first release, so states created from
# earlier commits move instead of being replaced.
moved {
  from = azurerm_kubernetes_cluster_node_pool.user
  to   = azurerm_kubernetes_cluster_node_pool.user["all"]
}

moved {
  from = azurerm_role_assignment.cluster_network
  to   = azurerm_role_assignment.cluster_network[0]
}
