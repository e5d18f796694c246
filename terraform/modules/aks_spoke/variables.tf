# ---------------------------------------------------------------------------
# Identity of the spoke
# ---------------------------------------------------------------------------

variable "name" {
  type        = string
  description = <<-EOT
    Short name of the spoke cluster, unique per tenant (for example
    `rc-prod-weu`). Every resource name derives from it (`aks-<name>`,
    `kv-<name>`, `id-<name>-eso`, ...) and secrets in a shared vault must start
    with `<name>--`. 3 to 21 lowercase letters, digits and single hyphens,
    starting with a letter and ending with a letter or digit.
  EOT

  validation {
    condition = (
      length(var.name) >= 3 && length(var.name) <= 21 &&
      can(regex("^[a-z][a-z0-9-]*[a-z0-9]$", var.name)) &&
      !strcontains(var.name, "--")
    )
    error_message = "name must be 3-21 lowercase letters, digits and single hyphens, start with a letter and end with a letter or digit (no \"--\": it separates the name from secret names)."
  }
}

variable "environment" {
  type        = string
  description = "Environment label for GitOps selectors and tags (for example `prod`, `staging`). 2-16 lowercase letters and digits, starting with a letter."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,15}$", var.environment))
    error_message = "environment must be 2-16 lowercase letters and digits, starting with a letter."
  }
}

variable "location" {
  type        = string
  description = "Azure region short name, for example `westeurope`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,30}$", var.location))
    error_message = "location must be an Azure region short name such as \"westeurope\" (lowercase, no spaces)."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource the module creates (merged over `managed-by`, `spoke` and `environment`)."
  default     = {}
  nullable    = false
}

variable "cluster_label" {
  type        = string
  description = "Value GitOps uses to select this cluster (ArgoCD cluster-secret label `cluster_name`). Defaults to `name`. Must be a valid Kubernetes label value."
  default     = null

  validation {
    condition     = var.cluster_label == null ? true : can(regex("^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$", var.cluster_label))
    error_message = "cluster_label must be a Kubernetes label value: up to 63 lowercase alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric."
  }
}

# ---------------------------------------------------------------------------
# Resource group and network
# ---------------------------------------------------------------------------

variable "create_resource_group" {
  type        = bool
  description = "Create the resource group. Set to false to deploy into an existing group named by `resource_group_name`."
  default     = true
  nullable    = false
}

variable "resource_group_name" {
  type        = string
  description = "Resource group name. Defaults to `rg-<name>`; required when `create_resource_group` is false."
  default     = null

  validation {
    condition     = var.resource_group_name == null ? var.create_resource_group : can(regex("^[-\\w.()]{0,89}[-\\w()]$", var.resource_group_name))
    error_message = "resource_group_name must be 1-90 letters, digits, '-', '_', '.', '(' or ')' not ending in '.', and it is required when create_resource_group is false."
  }
}

variable "virtual_network" {
  type = object({
    address_space                  = list(string)
    node_subnet_prefix             = string
    private_endpoint_subnet_prefix = string
  })
  description = <<-EOT
    Address plan for the VNet the module creates when `existing_network` is
    null: the VNet address space, the node subnet (Azure CNI overlay gives
    pods addresses from `network_profile.pod_cidr`, so nodes need only one
    address each) and the private endpoint subnet. Both subnets must lie in
    the address space.
  EOT
  default = {
    address_space                  = ["10.240.0.0/16"]
    node_subnet_prefix             = "10.240.0.0/22"
    private_endpoint_subnet_prefix = "10.240.4.0/24"
  }
  nullable = false

  validation {
    condition = alltrue(concat(
      [for c in var.virtual_network.address_space : can(cidrhost(c, 0))],
      [can(cidrhost(var.virtual_network.node_subnet_prefix, 0)), can(cidrhost(var.virtual_network.private_endpoint_subnet_prefix, 0))],
    )) && length(var.virtual_network.address_space) > 0
    error_message = "virtual_network: address_space must hold at least one CIDR and every prefix must be a valid CIDR such as 10.240.0.0/22."
  }

  validation {
    # A subnet lies in a space when masking its network address with the
    # space's prefix length gives the space's network address.
    condition = alltrue([
      for s in [var.virtual_network.node_subnet_prefix, var.virtual_network.private_endpoint_subnet_prefix] :
      anytrue([
        for space in var.virtual_network.address_space :
        try(
          tonumber(split("/", s)[1]) >= tonumber(split("/", space)[1]) &&
          cidrhost("${split("/", s)[0]}/${split("/", space)[1]}", 0) == cidrhost(space, 0),
          false
        )
      ])
    ])
    error_message = "virtual_network: node_subnet_prefix and private_endpoint_subnet_prefix must both lie inside one of the address_space CIDRs."
  }
}

variable "existing_network" {
  type = object({
    virtual_network_id         = string
    node_subnet_id             = string
    private_endpoint_subnet_id = optional(string)
  })
  description = <<-EOT
    Bring your own network instead of creating one: the VNet id (used to link
    the Key Vault private DNS zone), the node subnet id and, when the
    per-cluster vault gets a private endpoint, the subnet for it.
  EOT
  default     = null

  validation {
    condition = var.existing_network == null ? true : (
      can(regex("(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.Network/virtualNetworks/[^/]+$", var.existing_network.virtual_network_id)) &&
      alltrue([
        for id in compact([var.existing_network.node_subnet_id, var.existing_network.private_endpoint_subnet_id]) :
        can(regex("(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.Network/virtualNetworks/[^/]+/subnets/[^/]+$", id))
      ])
    )
    error_message = "existing_network: virtual_network_id must be a VNet resource id and the subnet ids must be subnet resource ids (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)."
  }

  validation {
    condition     = var.existing_network == null || var.existing_key_vault_id != null || !var.key_vault.private_endpoint_enabled ? true : var.existing_network.private_endpoint_subnet_id != null
    error_message = "existing_network.private_endpoint_subnet_id is required while the per-cluster vault has key_vault.private_endpoint_enabled = true."
  }
}

# ---------------------------------------------------------------------------
# AKS
# ---------------------------------------------------------------------------

variable "kubernetes_version" {
  type        = string
  description = <<-EOT
    Kubernetes version of the control plane and the node pools. Use a minor
    alias such as `1.35` with the `patch` or `node-image` channel (AKS then
    keeps the latest patch of that minor); a full `1.35.2` pins a patch and
    requires the channel `none`. Must be null with the `stable` and `rapid`
    channels: those move the minor version themselves, and a pinned version
    would make every later plan try to move it back.
  EOT
  default     = "1.35"

  validation {
    condition     = var.kubernetes_version == null ? true : can(regex("^1\\.[0-9]{2}(\\.[0-9]{1,2})?$", var.kubernetes_version))
    error_message = "kubernetes_version must look like 1.34 (minor alias) or 1.34.2 (exact patch), or be null."
  }

  validation {
    condition     = var.kubernetes_version == null || var.automatic_upgrade_channel == "none" || can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must be a minor alias (such as 1.34) while automatic_upgrade_channel is not \"none\": a pinned patch would fight the auto-upgrader."
  }

  validation {
    condition     = !contains(["stable", "rapid"], var.automatic_upgrade_channel) || var.kubernetes_version == null
    error_message = "kubernetes_version must be null while automatic_upgrade_channel is stable or rapid: AKS moves the minor version on those channels and a pinned version would be reverted by the next plan. Pin a minor only with patch, node-image or none."
  }
}

variable "sku_tier" {
  type        = string
  description = "AKS pricing tier. `Standard` (default) carries the uptime SLA; `Free` suits throwaway clusters; `Premium` adds long-term support."
  default     = "Standard"
  nullable    = false

  validation {
    condition     = contains(["Free", "Standard", "Premium"], var.sku_tier)
    error_message = "sku_tier must be one of Free, Standard, Premium."
  }
}

variable "automatic_upgrade_channel" {
  type        = string
  description = "Cluster auto-upgrade channel: `patch` (default), `stable`, `rapid`, `node-image` or `none`. `stable` and `rapid` change the minor version, so they need `kubernetes_version = null`."
  default     = "patch"
  nullable    = false

  validation {
    condition     = contains(["none", "patch", "stable", "rapid", "node-image"], var.automatic_upgrade_channel)
    error_message = "automatic_upgrade_channel must be one of none, patch, stable, rapid, node-image."
  }
}

variable "node_os_upgrade_channel" {
  type        = string
  description = "Node OS upgrade channel: `NodeImage` (default), `SecurityPatch`, `Unmanaged` or `None`. Must be `NodeImage` when `automatic_upgrade_channel` is `node-image`."
  default     = "NodeImage"
  nullable    = false

  validation {
    condition     = contains(["None", "Unmanaged", "SecurityPatch", "NodeImage"], var.node_os_upgrade_channel)
    error_message = "node_os_upgrade_channel must be one of None, Unmanaged, SecurityPatch, NodeImage."
  }

  validation {
    condition     = var.automatic_upgrade_channel != "node-image" || var.node_os_upgrade_channel == "NodeImage"
    error_message = "node_os_upgrade_channel must be NodeImage when automatic_upgrade_channel is node-image."
  }
}

variable "maintenance_windows" {
  type = map(object({
    frequency    = string
    interval     = number
    duration     = number
    day_of_week  = optional(string)
    day_of_month = optional(number)
    week_index   = optional(string)
    start_time   = string
    utc_offset   = optional(string, "+00:00")
    start_date   = optional(string)
  }))
  description = <<-EOT
    Planned maintenance windows, keyed `auto_upgrade` (AKS
    `maintenance_window_auto_upgrade`: when cluster upgrades from
    `automatic_upgrade_channel` may run) and `node_os` (AKS
    `maintenance_window_node_os`: when node image updates may run). Default:
    node images Saturday and cluster upgrades Sunday, 02:00 UTC for 4 hours.
    Leave a key out to let AKS pick any time for it.
  EOT
  default = {
    auto_upgrade = {
      frequency   = "Weekly"
      interval    = 1
      duration    = 4
      day_of_week = "Sunday"
      start_time  = "02:00"
    }
    node_os = {
      frequency   = "Weekly"
      interval    = 1
      duration    = 4
      day_of_week = "Saturday"
      start_time  = "02:00"
    }
  }
  nullable = false

  validation {
    condition     = alltrue([for k in keys(var.maintenance_windows) : contains(["auto_upgrade", "node_os"], k)])
    error_message = "maintenance_windows keys must be auto_upgrade and/or node_os."
  }

  validation {
    condition = alltrue([
      for w in values(var.maintenance_windows) : (
        contains(["Daily", "Weekly", "AbsoluteMonthly", "RelativeMonthly"], w.frequency) &&
        w.interval >= 1 && w.duration >= 4 && w.duration <= 24 &&
        can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]$", w.start_time)) &&
        can(regex("^[+-](0[0-9]|1[0-4]):[0-5][0-9]$", w.utc_offset)) &&
        (w.frequency != "Weekly" || contains(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], coalesce(w.day_of_week, "-"))) &&
        (w.frequency != "AbsoluteMonthly" || (coalesce(w.day_of_month, 0) >= 1 && coalesce(w.day_of_month, 0) <= 31)) &&
        (w.frequency != "RelativeMonthly" || contains(["First", "Second", "Third", "Fourth", "Last"], coalesce(w.week_index, "-")))
      )
    ])
    error_message = "maintenance_windows: frequency must be Daily, Weekly, AbsoluteMonthly or RelativeMonthly; interval >= 1; duration 4-24 hours; start_time HH:mm; utc_offset like +01:00; Weekly needs day_of_week, AbsoluteMonthly day_of_month 1-31, RelativeMonthly week_index (First..Last)."
  }

  validation {
    # AKS maintenance schedules: intervalDays 1-7 (Daily), intervalWeeks 1-4
    # (Weekly), intervalMonths 1-6 (AbsoluteMonthly, RelativeMonthly). A
    # larger value passes the provider and fails at apply.
    condition = alltrue([
      for w in values(var.maintenance_windows) :
      w.interval <= lookup({ Daily = 7, Weekly = 4, AbsoluteMonthly = 6, RelativeMonthly = 6 }, w.frequency, 0)
    ])
    error_message = "maintenance_windows: interval is bounded by the frequency: at most 7 (days) for Daily, 4 (weeks) for Weekly, 6 (months) for AbsoluteMonthly and RelativeMonthly."
  }
}

variable "zones" {
  type        = list(string)
  description = "Availability zones for both node pools. Use `[]` only in regions without zones."
  default     = ["1", "2", "3"]
  nullable    = false

  validation {
    condition     = alltrue([for z in var.zones : contains(["1", "2", "3"], z)]) && length(distinct(var.zones)) == length(var.zones)
    error_message = "zones may only contain distinct values from \"1\", \"2\", \"3\"."
  }
}

variable "system_node_pool" {
  type = object({
    vm_size                       = optional(string, "Standard_D4ds_v5")
    min_count                     = optional(number, 3)
    max_count                     = optional(number, 5)
    max_pods                      = optional(number, 110)
    os_sku                        = optional(string, "AzureLinux")
    os_disk_size_gb               = optional(number, 128)
    host_encryption_enabled       = optional(bool, true)
    max_surge                     = optional(string, "33%")
    drain_timeout_in_minutes      = optional(number, 30)
    node_soak_duration_in_minutes = optional(number, 0)
    undrainable_node_behavior     = optional(string)
  })
  description = <<-EOT
    The system pool (AKS `default_node_pool`, tainted `CriticalAddonsOnly` so
    only critical add-ons run there), autoscaled between `min_count` and
    `max_count`. `host_encryption_enabled` needs the subscription feature
    `Microsoft.Compute/EncryptionAtHost`. Upgrade settings: `max_surge`
    (count or percentage), `drain_timeout_in_minutes`,
    `node_soak_duration_in_minutes` and `undrainable_node_behavior`
    (`Cordon` or `Schedule`; null keeps the AKS default). The default pool
    takes no `max_unavailable` in azurerm 5.x (only separate pools do).
  EOT
  default     = {}
  nullable    = false

  validation {
    condition = (
      var.system_node_pool.min_count >= 1 && var.system_node_pool.max_count <= 1000 &&
      var.system_node_pool.min_count <= var.system_node_pool.max_count &&
      var.system_node_pool.max_pods >= 50 && var.system_node_pool.max_pods <= 250 &&
      contains(["AzureLinux", "AzureLinux3", "Ubuntu", "Ubuntu2204", "Ubuntu2404"], var.system_node_pool.os_sku) &&
      can(regex("^([1-9][0-9]*|[1-9][0-9]?%|100%)$", var.system_node_pool.max_surge)) &&
      var.system_node_pool.drain_timeout_in_minutes >= 1 && var.system_node_pool.drain_timeout_in_minutes <= 1440 &&
      var.system_node_pool.node_soak_duration_in_minutes >= 0 && var.system_node_pool.node_soak_duration_in_minutes <= 30
    )
    error_message = "system_node_pool: need 1 <= min_count <= max_count <= 1000, max_pods 50-250, a Linux os_sku (AzureLinux, AzureLinux3, Ubuntu, Ubuntu2204, Ubuntu2404), max_surge as a count or percentage (\"33%\"), drain_timeout_in_minutes 1-1440 and node_soak_duration_in_minutes 0-30."
  }

  validation {
    condition     = var.system_node_pool.undrainable_node_behavior == null ? true : contains(["Cordon", "Schedule"], var.system_node_pool.undrainable_node_behavior)
    error_message = "system_node_pool.undrainable_node_behavior must be Cordon or Schedule (or null for the AKS default)."
  }
}

variable "user_node_pool" {
  type = object({
    name                          = optional(string, "workload")
    per_zone                      = optional(bool, true)
    vm_size                       = optional(string, "Standard_D4ds_v5")
    min_count                     = optional(number, 1)
    max_count                     = optional(number, 4)
    max_pods                      = optional(number, 110)
    os_sku                        = optional(string, "AzureLinux")
    os_disk_size_gb               = optional(number, 128)
    host_encryption_enabled       = optional(bool, true)
    node_labels                   = optional(map(string), {})
    node_taints                   = optional(list(string), [])
    max_surge                     = optional(string)
    max_unavailable               = optional(string)
    drain_timeout_in_minutes      = optional(number, 30)
    node_soak_duration_in_minutes = optional(number, 0)
    undrainable_node_behavior     = optional(string)
  })
  description = <<-EOT
    The user pool(s) where Rocket.Chat and its dependencies run, autoscaled
    between `min_count` and `max_count` **per pool**.

    `per_zone = true` (default) creates one pool per entry of `zones`, named
    `<name><zone>` (for example `workload1`, `workload2`, `workload3`), and
    turns on the autoscaler's `balance-similar-node-groups`. This is the
    layout for stateful workloads: a pod bound to a zonal disk can only run
    in that disk's zone, and the autoscaler can add a node in a given zone
    only when that zone has a pool of its own. `per_zone = false` creates a
    single pool `<name>` spanning all zones (fine for stateless pools). With
    `zones = []` there is always a single pool.

    `name` is 1-12 lowercase letters and digits (1-11 with `per_zone`, to
    leave room for the zone digit). Upgrade settings: either `max_surge`
    (default `33%` when neither is set) or `max_unavailable`, not both;
    `drain_timeout_in_minutes`, `node_soak_duration_in_minutes` and
    `undrainable_node_behavior` (`Cordon` or `Schedule`).
  EOT
  default     = {}
  nullable    = false

  validation {
    condition = (
      can(regex("^[a-z][a-z0-9]{0,11}$", var.user_node_pool.name)) && var.user_node_pool.name != "system" &&
      var.user_node_pool.min_count >= 0 && var.user_node_pool.max_count >= 1 && var.user_node_pool.max_count <= 1000 &&
      var.user_node_pool.min_count <= var.user_node_pool.max_count &&
      var.user_node_pool.max_pods >= 50 && var.user_node_pool.max_pods <= 250 &&
      contains(["AzureLinux", "AzureLinux3", "Ubuntu", "Ubuntu2204", "Ubuntu2404"], var.user_node_pool.os_sku) &&
      var.user_node_pool.drain_timeout_in_minutes >= 1 && var.user_node_pool.drain_timeout_in_minutes <= 1440 &&
      var.user_node_pool.node_soak_duration_in_minutes >= 0 && var.user_node_pool.node_soak_duration_in_minutes <= 30 &&
      alltrue([for t in var.user_node_pool.node_taints : can(regex("^[^=:]+=[^=:]*:(NoSchedule|PreferNoSchedule|NoExecute)$", t))])
    )
    error_message = "user_node_pool: name 1-12 lowercase letters/digits (not \"system\"), 0 <= min_count <= max_count <= 1000 with max_count >= 1, max_pods 50-250, a Linux os_sku, drain_timeout_in_minutes 1-1440, node_soak_duration_in_minutes 0-30, taints as key=value:Effect."
  }

  validation {
    condition     = !(var.user_node_pool.per_zone && length(var.zones) > 0) || length(var.user_node_pool.name) <= 11
    error_message = "user_node_pool.name may have at most 11 characters with per_zone = true: the zone digit is appended to it."
  }

  validation {
    condition     = var.user_node_pool.max_surge == null || var.user_node_pool.max_unavailable == null
    error_message = "user_node_pool: set max_surge or max_unavailable, not both (AKS upgrades a pool either by adding surge nodes or by taking nodes out)."
  }

  validation {
    condition     = var.user_node_pool.max_surge == null ? true : can(regex("^([1-9][0-9]*|[1-9][0-9]?%|100%)$", var.user_node_pool.max_surge))
    error_message = "user_node_pool.max_surge must be a node count (\"1\") or a percentage (\"33%\")."
  }

  validation {
    condition     = var.user_node_pool.max_unavailable == null ? true : can(regex("^([1-9][0-9]*|[1-9][0-9]?%|100%)$", var.user_node_pool.max_unavailable))
    error_message = "user_node_pool.max_unavailable must be a node count (\"1\") or a percentage (\"10%\")."
  }

  validation {
    condition     = var.user_node_pool.undrainable_node_behavior == null ? true : contains(["Cordon", "Schedule"], var.user_node_pool.undrainable_node_behavior)
    error_message = "user_node_pool.undrainable_node_behavior must be Cordon or Schedule (or null for the AKS default)."
  }
}

variable "network_profile" {
  type = object({
    pod_cidr       = optional(string, "192.168.0.0/16")
    service_cidr   = optional(string, "172.16.0.0/16")
    dns_service_ip = optional(string, "172.16.0.10")
    outbound_type  = optional(string, "loadBalancer")
    route_table_id = optional(string)
    nat_gateway_id = optional(string)
  })
  description = <<-EOT
    Azure CNI overlay ranges (pod and service CIDRs must not overlap the VNet)
    and the egress type. The Cilium data plane and network policy are fixed.

    `outbound_type = "userDefinedRouting"` needs `route_table_id`: the route
    table of the node subnet, whose `0.0.0.0/0` route sends egress to a
    firewall (next hop `VirtualAppliance`); a postcondition reads it back
    and checks that route. `outbound_type = "userAssignedNATGateway"` needs
    `nat_gateway_id`: the NAT gateway of the node subnet. When the module
    creates the network it associates the table or gateway with the node
    subnet; with `existing_network` the subnet must already be associated.
    AKS refuses to create the cluster when either is missing, so the plan
    refuses it first.
  EOT
  default     = {}
  nullable    = false

  validation {
    condition = (
      can(cidrhost(var.network_profile.pod_cidr, 0)) &&
      can(cidrhost(var.network_profile.service_cidr, 0)) &&
      can(regex("^[0-9.]+$", var.network_profile.dns_service_ip)) &&
      try(cidrhost("${var.network_profile.dns_service_ip}/${split("/", var.network_profile.service_cidr)[1]}", 0) == cidrhost(var.network_profile.service_cidr, 0), false) &&
      contains(["loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway"], var.network_profile.outbound_type)
    )
    error_message = "network_profile: pod_cidr and service_cidr must be CIDRs, dns_service_ip an IPv4 address inside service_cidr, outbound_type one of loadBalancer, userDefinedRouting, managedNATGateway, userAssignedNATGateway."
  }

  validation {
    condition     = var.network_profile.outbound_type != "userDefinedRouting" || var.network_profile.route_table_id != null
    error_message = "network_profile: outbound_type userDefinedRouting needs route_table_id, the node subnet's route table with a 0.0.0.0/0 route to the firewall; without it AKS fails at create time."
  }

  validation {
    condition     = var.network_profile.outbound_type != "userAssignedNATGateway" || var.network_profile.nat_gateway_id != null
    error_message = "network_profile: outbound_type userAssignedNATGateway needs nat_gateway_id, the NAT gateway of the node subnet; without it AKS fails at create time."
  }

  validation {
    condition     = var.network_profile.route_table_id == null || var.network_profile.outbound_type == "userDefinedRouting"
    error_message = "network_profile: route_table_id is only used with outbound_type userDefinedRouting."
  }

  validation {
    condition     = var.network_profile.nat_gateway_id == null || var.network_profile.outbound_type == "userAssignedNATGateway"
    error_message = "network_profile: nat_gateway_id is only used with outbound_type userAssignedNATGateway."
  }

  validation {
    condition     = var.network_profile.route_table_id == null ? true : can(regex("(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.Network/routeTables/[^/]+$", var.network_profile.route_table_id))
    error_message = "network_profile.route_table_id must be a route table resource id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/routeTables/<name>)."
  }

  validation {
    condition     = var.network_profile.nat_gateway_id == null ? true : can(regex("(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.Network/natGateways/[^/]+$", var.network_profile.nat_gateway_id))
    error_message = "network_profile.nat_gateway_id must be a NAT gateway resource id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/natGateways/<name>)."
  }
}

variable "private_cluster_enabled" {
  type        = bool
  description = "Expose the API server only on a private IP in the VNet (DNS per `private_dns_zone_id`). When false, `api_server_authorized_ip_ranges` must be set."
  default     = false
  nullable    = false
}

variable "private_dns_zone_id" {
  type        = string
  description = <<-EOT
    Private DNS zone of a private cluster's API server: `System` (default,
    AKS creates and links a zone in the node resource group), `None` (no
    private zone: AKS publishes the private IP under the public FQDN, so the
    public FQDN is switched on), or the resource id of a hub-managed zone
    named `privatelink.<region>.azmk8s.io` or
    `<subzone>.privatelink.<region>.azmk8s.io` (hub-and-spoke DNS). A zone id
    makes the module give the control plane a user-assigned identity
    (`id-<name>-aks`) with "Private DNS Zone Contributor" on the zone and
    "Network Contributor" on the node subnet, as AKS requires. Only used when
    `private_cluster_enabled`.
  EOT
  default     = "System"
  nullable    = false

  validation {
    condition = contains(["System", "None"], var.private_dns_zone_id) || can(regex(
      "(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.Network/privateDnsZones/([a-z0-9-]+\\.)?privatelink\\.[a-z0-9]+\\.azmk8s\\.io$",
      var.private_dns_zone_id
    ))
    error_message = "private_dns_zone_id must be System, None or the id of a private DNS zone named privatelink.<region>.azmk8s.io or <subzone>.privatelink.<region>.azmk8s.io."
  }

  validation {
    condition     = var.private_cluster_enabled || var.private_dns_zone_id == "System"
    error_message = "private_dns_zone_id applies to private clusters only; set private_cluster_enabled = true or leave it at System."
  }
}

variable "api_server_authorized_ip_ranges" {
  type        = list(string)
  description = <<-EOT
    Public IPv4 CIDRs allowed to reach a public API server (CI runners, office
    egress, the hub). Required unless `private_cluster_enabled`. Together the
    ranges may cover at most as many addresses as one /8 (16,777,216):
    what counts is the addresses covered (overlaps counted once), not how the
    ranges are written, so `0.0.0.0/0` and `0.0.0.0/1` + `128.0.0.0/1` are
    both refused.
  EOT
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.api_server_authorized_ip_ranges : can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])$", c)) && can(cidrhost(c, 0))])
    error_message = "api_server_authorized_ip_ranges must be IPv4 CIDRs such as 198.51.100.0/24 (AKS authorized ranges are IPv4 only)."
  }

  validation {
    # Sum the sizes of the ranges no other range contains (CIDR blocks are
    # either nested or disjoint, so what is left is disjoint); of two equal
    # ranges the first one counts.
    condition = try(sum(concat([0], [
      for i, c in var.api_server_authorized_ip_ranges : pow(2, 32 - tonumber(split("/", c)[1]))
      if !anytrue([
        for j, d in var.api_server_authorized_ip_ranges :
        j != i &&
        tonumber(split("/", d)[1]) <= tonumber(split("/", c)[1]) &&
        cidrhost("${split("/", c)[0]}/${split("/", d)[1]}", 0) == cidrhost(d, 0) &&
        (tonumber(split("/", d)[1]) < tonumber(split("/", c)[1]) || j < i)
      ])
    ])) <= 16777216, true)
    error_message = "api_server_authorized_ip_ranges together cover more addresses than a /8 (for example 0.0.0.0/0, or 0.0.0.0/1 + 128.0.0.0/1): that is the internet, not an allow-list. List the egress ranges of the clients instead."
  }

  validation {
    condition     = var.private_cluster_enabled || length(var.api_server_authorized_ip_ranges) > 0
    error_message = "A public API server needs at least one api_server_authorized_ip_ranges entry; set the ranges or private_cluster_enabled = true."
  }
}

variable "admin_group_object_ids" {
  type        = list(string)
  description = "Entra ID group object ids bound to cluster-admin through AKS-managed Entra integration. Required, at least one: local accounts are disabled, so without a group nobody could administer the cluster."
  nullable    = false

  validation {
    condition     = length(var.admin_group_object_ids) > 0
    error_message = "admin_group_object_ids needs at least one Entra ID group: local accounts are disabled, so a cluster without an admin group cannot be administered by anyone."
  }

  validation {
    condition     = alltrue([for g in var.admin_group_object_ids : can(regex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", g))])
    error_message = "admin_group_object_ids must be GUIDs."
  }
}

variable "azure_policy_enabled" {
  type        = bool
  description = "Install the Azure Policy add-on (Gatekeeper) so policy assignments on the subscription are enforced in the cluster."
  default     = true
  nullable    = false
}

variable "image_cleaner_interval_hours" {
  type        = number
  description = "How often Image Cleaner (Eraser) removes unused, vulnerable images from nodes. 24-2160 hours."
  default     = 48
  nullable    = false

  validation {
    condition     = var.image_cleaner_interval_hours >= 24 && var.image_cleaner_interval_hours <= 2160
    error_message = "image_cleaner_interval_hours must be between 24 and 2160."
  }
}

variable "log_analytics_workspace_id" {
  type        = string
  description = "Log Analytics workspace that receives AKS control-plane logs and Key Vault audit events. Null disables diagnostics."
  default     = null

  validation {
    condition     = var.log_analytics_workspace_id == null ? true : can(regex("(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.OperationalInsights/workspaces/[^/]+$", var.log_analytics_workspace_id))
    error_message = "log_analytics_workspace_id must be a Log Analytics workspace resource id."
  }
}

variable "aks_diagnostic_log_categories" {
  type        = list(string)
  description = "AKS control-plane log categories sent to Log Analytics when `log_analytics_workspace_id` is set."
  default     = ["kube-audit-admin", "guard", "kube-apiserver", "cluster-autoscaler"]
  nullable    = false

  validation {
    condition = alltrue([for c in var.aks_diagnostic_log_categories : contains([
      "kube-apiserver", "kube-audit", "kube-audit-admin", "kube-controller-manager",
      "kube-scheduler", "cluster-autoscaler", "cloud-controller-manager", "guard",
      "csi-azuredisk-controller", "csi-azurefile-controller", "csi-snapshot-controller",
    ], c)])
    error_message = "aks_diagnostic_log_categories may only hold AKS resource-log categories (kube-apiserver, kube-audit, kube-audit-admin, kube-controller-manager, kube-scheduler, cluster-autoscaler, cloud-controller-manager, guard, csi-*-controller)."
  }
}

# ---------------------------------------------------------------------------
# Key Vault
# ---------------------------------------------------------------------------

variable "key_vault" {
  type = object({
    name                          = optional(string)
    unique_name                   = optional(bool, false)
    sku_name                      = optional(string, "standard")
    soft_delete_retention_days    = optional(number, 90)
    public_network_access_enabled = optional(bool, false)
    allowed_ip_ranges             = optional(list(string), [])
    private_endpoint_enabled      = optional(bool, true)
    private_dns_zone_id           = optional(string)
  })
  description = <<-EOT
    Settings of the per-cluster vault (ignored when `existing_key_vault_id`
    is set). RBAC authorization and purge protection are always on and the
    network ACL default action is always Deny. `name` defaults to
    `kv-<name>`; vault names are global across all of Azure, so set
    `unique_name = true` to append a stable 5-character suffix derived from
    the subscription id and the spoke name (`kv-<name>-<hash>`, the name part
    shortened to fit 24 characters), or give `name` yourself. With public access off (the
    default) secrets are written through the private endpoint; set
    `public_network_access_enabled` and `allowed_ip_ranges` to let named
    public addresses in. `private_dns_zone_id` reuses a hub's
    `privatelink.vaultcore.azure.net` zone instead of creating one.
  EOT
  default     = {}
  nullable    = false

  validation {
    condition = (
      (var.key_vault.name == null ? true : (can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", var.key_vault.name)) && !strcontains(var.key_vault.name, "--"))) &&
      contains(["standard", "premium"], var.key_vault.sku_name) &&
      var.key_vault.soft_delete_retention_days >= 7 && var.key_vault.soft_delete_retention_days <= 90 &&
      alltrue([for c in var.key_vault.allowed_ip_ranges : can(cidrhost(c, 0)) && !endswith(c, "/0")]) &&
      (var.key_vault.private_dns_zone_id == null ? true : can(regex("(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net$", var.key_vault.private_dns_zone_id)))
    )
    error_message = "key_vault: name 3-24 letters, digits and single hyphens starting with a letter; sku_name standard or premium; soft_delete_retention_days 7-90; allowed_ip_ranges CIDRs (no /0); private_dns_zone_id the id of a privatelink.vaultcore.azure.net zone."
  }

  validation {
    condition     = var.key_vault.name == null || !var.key_vault.unique_name
    error_message = "key_vault: set either name (used exactly as given) or unique_name = true (kv-<name>-<suffix>), not both."
  }

  validation {
    condition     = var.key_vault.public_network_access_enabled || var.key_vault.private_endpoint_enabled
    error_message = "key_vault: with public_network_access_enabled = false the vault needs private_endpoint_enabled = true, or nothing (including ESO) can reach it."
  }
}

variable "existing_key_vault_id" {
  type        = string
  description = <<-EOT
    Advanced: use this existing shared vault instead of creating a per-cluster
    one. The vault must use RBAC authorization. ESO then gets "Key Vault
    Secrets User" only on the secrets listed in `shared_vault_secret_names`,
    never on the whole vault.
  EOT
  default     = null

  validation {
    condition     = var.existing_key_vault_id == null ? true : can(regex("(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.KeyVault/vaults/[a-zA-Z0-9-]{3,24}$", var.existing_key_vault_id))
    error_message = "existing_key_vault_id must be a Key Vault resource id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>."
  }
}

variable "shared_vault_secret_names" {
  type        = list(string)
  description = <<-EOT
    Secrets in the shared vault this cluster may read, each named
    `<name>--<secret>` (for example `rc-prod-weu--mongodb-uri`). Because
    cluster names cannot contain `--`, no cluster's prefix is a prefix of
    another's. Required with `existing_key_vault_id`, refused without it.
    The secrets must exist before apply (role assignments need their scope).
  EOT
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for s in var.shared_vault_secret_names : startswith(s, "${var.name}--") && can(regex("^[0-9A-Za-z-]{1,127}$", s)) && length(s) > length("${var.name}--")])
    error_message = "Every shared_vault_secret_names entry must be a Key Vault secret name (letters, digits, '-', at most 127) that starts with this cluster's prefix \"<name>--\" followed by the secret's own name."
  }

  validation {
    condition     = var.existing_key_vault_id == null ? length(var.shared_vault_secret_names) == 0 : length(var.shared_vault_secret_names) > 0
    error_message = "shared_vault_secret_names must list at least one secret when existing_key_vault_id is set, and must be empty for a per-cluster vault (which grants access at vault scope)."
  }

  validation {
    condition     = length(distinct(var.shared_vault_secret_names)) == length(var.shared_vault_secret_names)
    error_message = "shared_vault_secret_names must not repeat a name."
  }
}

variable "key_vault_secrets_officer_principal_ids" {
  type        = list(string)
  description = "Principals (for example the platform team's group) granted \"Key Vault Secrets Officer\" on the per-cluster vault so they can write secrets. Ignored for a shared vault."
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for p in var.key_vault_secrets_officer_principal_ids : can(regex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", p))])
    error_message = "key_vault_secrets_officer_principal_ids must be GUIDs (object ids)."
  }
}

# ---------------------------------------------------------------------------
# External Secrets Operator
# ---------------------------------------------------------------------------

variable "external_secrets" {
  type = object({
    namespace                 = optional(string, "external-secrets")
    service_account_name      = optional(string, "eso-keyvault-reader")
    cluster_secret_store_name = optional(string, "azure-keyvault")
    allowed_namespaces        = optional(list(string), ["rocketchat", "monitoring"])
    allowed_namespace_labels  = optional(map(string), {})
  })
  description = <<-EOT
    Where ESO lives in the cluster. The module federates the identity with
    `system:serviceaccount:<namespace>:<service_account_name>`, the service
    account a `ClusterSecretStore` references (ESO "referenced service
    account" mode, so the controller itself holds no Azure identity).

    The rendered `ClusterSecretStore` carries `spec.conditions`, so only
    `ExternalSecret`s in the namespaces listed in `allowed_namespaces`
    (default: `rocketchat` and `monitoring`, the namespaces of the GitOps
    examples) or in namespaces whose labels match
    `allowed_namespace_labels` can use it. Without conditions any namespace
    could read every secret the identity can. At least one of the two must
    be non-empty.
  EOT
  default     = {}
  nullable    = false

  validation {
    condition = (
      can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.external_secrets.namespace)) &&
      can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", var.external_secrets.service_account_name)) &&
      can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", var.external_secrets.cluster_secret_store_name))
    )
    error_message = "external_secrets: namespace must be a DNS-1123 label (max 63); service_account_name and cluster_secret_store_name must be DNS-1123 subdomains (lowercase alphanumerics, '-' and '.')."
  }

  validation {
    condition     = length(var.external_secrets.allowed_namespaces) > 0 || length(var.external_secrets.allowed_namespace_labels) > 0
    error_message = "external_secrets: allowed_namespaces or allowed_namespace_labels must restrict the ClusterSecretStore; an unconditioned store lets every namespace read every secret the identity can."
  }

  validation {
    condition     = alltrue([for n in var.external_secrets.allowed_namespaces : can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", n))])
    error_message = "external_secrets.allowed_namespaces must be namespace names (DNS-1123 labels)."
  }

  validation {
    condition = alltrue([
      for k, v in var.external_secrets.allowed_namespace_labels :
      can(regex("^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", k)) &&
      can(regex("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$", v))
    ])
    error_message = "external_secrets.allowed_namespace_labels must map Kubernetes label keys to label values."
  }
}

# ---------------------------------------------------------------------------
# Hub ArgoCD
# ---------------------------------------------------------------------------

variable "hub_argocd" {
  type = object({
    oidc_issuer_url  = string
    namespace        = optional(string, "argocd")
    service_accounts = optional(list(string), ["argocd-application-controller", "argocd-server"])
  })
  description = <<-EOT
    Optional: let the hub's ArgoCD manage this spoke without any secret. The
    module then creates a user-assigned identity (`id-<name>-hub-argocd`)
    trusted for the hub cluster's ArgoCD service accounts (federated
    credentials on the hub's OIDC issuer `oidc_issuer_url`) and grants it
    "Azure Kubernetes Service RBAC Cluster Admin" on this cluster. The
    `argocd_cluster` output then carries an `execProviderConfig` that logs
    in with that identity (`argocd-k8s-auth azure`, workload identity). Null
    (default) creates nothing.
  EOT
  default     = null

  validation {
    condition     = var.hub_argocd == null ? true : can(regex("^https://[^\\s]+$", var.hub_argocd.oidc_issuer_url))
    error_message = "hub_argocd.oidc_issuer_url must be the hub cluster's OIDC issuer URL (https://...)."
  }

  validation {
    condition = var.hub_argocd == null ? true : (
      can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.hub_argocd.namespace)) &&
      length(var.hub_argocd.service_accounts) > 0 &&
      alltrue([for sa in var.hub_argocd.service_accounts : can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", sa))])
    )
    error_message = "hub_argocd: namespace must be a namespace name and service_accounts a non-empty list of service account names."
  }
}
