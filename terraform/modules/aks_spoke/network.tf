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

# Private endpoints only serve HTTPS to the VNet (and peered hubs); with
# private_endpoint_network_policies enabled the NSG applies to them.
resource "azurerm_network_security_group" "private_endpoints" {
  count = local.create_network ? 1 : 0

  name                = "nsg-${var.name}-private-endpoints"
  location            = var.location
  resource_group_name = local.rg_name
  tags                = local.tags

  security_rule {
    name                       = "allow-https-from-vnet"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "VirtualNetwork"
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "deny-all-other-inbound"
    priority                   = 4096
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
}

resource "azurerm_subnet_network_security_group_association" "private_endpoints" {
  count = local.create_network ? 1 : 0

  subnet_id                 = azurerm_subnet.private_endpoints[0].id
  network_security_group_id = azurerm_network_security_group.private_endpoints[0].id
}
