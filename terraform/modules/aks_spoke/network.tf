# VNet with a node subnet and a private endpoint subnet, unless the caller
# brings their own (var.existing_network).

resource "azurerm_virtual_network" "this" {
  count = local.create_network ? 1 : 0

  name                = "vnet-${var.name}"
  location            = var.location
  resource_group_name = local.rg_name
  address_space       = var.virtual_network.address_space
  tags                = local.tags
}

resource "azurerm_subnet" "nodes" {
  count = local.create_network ? 1 : 0

  name                 = "snet-aks-nodes"
  resource_group_name  = local.rg_name
  virtual_network_name = azurerm_virtual_network.this[0].name
  address_prefixes     = [var.virtual_network.node_subnet_prefix]
  # Lets the Key Vault network ACL admit the nodes by subnet as well.
  service_endpoint {
    service = "Microsoft.KeyVault"
  }
}

resource "azurerm_subnet" "private_endpoints" {
  count = local.create_network ? 1 : 0

  name                              = "snet-private-endpoints"
  resource_group_name               = local.rg_name
  virtual_network_name              = azurerm_virtual_network.this[0].name
  address_prefixes                  = [var.virtual_network.private_endpoint_subnet_prefix]
  private_endpoint_network_policies = "Enabled"
}
