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
  # No Microsoft.KeyVault service endpoint: the nodes reach the vault through
  # its private endpoint (a private IP in this VNet), which a service
  # endpoint does not affect, and with public network access off the vault
  # admits no service-endpoint traffic either.
}

# Egress for outbound_type userDefinedRouting / userAssignedNATGateway: the
# node subnet must carry the route table or NAT gateway before AKS is
# created (the cluster depends on these associations).
resource "azurerm_subnet_route_table_association" "nodes" {
  count = local.create_network && var.network_profile.outbound_type == "userDefinedRouting" ? 1 : 0

  subnet_id      = azurerm_subnet.nodes[0].id
  route_table_id = var.network_profile.route_table_id
}

resource "azurerm_subnet_nat_gateway_association" "nodes" {
  count = local.create_network && var.network_profile.outbound_type == "userAssignedNATGateway" ? 1 : 0

  subnet_id      = azurerm_subnet.nodes[0].id
  nat_gateway_id = var.network_profile.nat_gateway_id
}

# userDefinedRouting only works when the table sends 0.0.0.0/0 to a network
# virtual appliance (the firewall); with an existing network the node subnet
# must already use the table. Read it back and say so at plan time.
data "azurerm_route_table" "egress" {
  count = var.network_profile.outbound_type == "userDefinedRouting" ? 1 : 0

  name                = element(split("/", var.network_profile.route_table_id), 8)
  resource_group_name = element(split("/", var.network_profile.route_table_id), 4)

  lifecycle {
    postcondition {
      condition     = anytrue([for r in self.route : r.address_prefix == "0.0.0.0/0" && r.next_hop_type == "VirtualAppliance"])
      error_message = "Route table ${var.network_profile.route_table_id} has no 0.0.0.0/0 route with next hop VirtualAppliance; userDefinedRouting needs the default route to point at the firewall."
    }
    # Refers to the variable, not local.node_subnet_id: a reference to the
    # subnet the module creates would defer this read (and both checks) to
    # apply time.
    postcondition {
      condition     = var.existing_network == null || contains([for id in self.subnets : lower(id)], lower(try(var.existing_network.node_subnet_id, "")))
      error_message = "The node subnet ${try(var.existing_network.node_subnet_id, "")} is not associated with route table ${var.network_profile.route_table_id}; associate it before creating the cluster."
    }
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
