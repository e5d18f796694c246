variable "subscription_id" {
  type        = string
  description = "Subscription the spoke is deployed into."
}

variable "shared_key_vault_id" {
  type        = string
  description = "Resource id of the platform team's shared vault (RBAC authorization)."
}

variable "virtual_network_id" {
  type        = string
  description = "Existing spoke VNet (peered to the hub)."
}

variable "node_subnet_id" {
  type        = string
  description = "Existing subnet for the AKS nodes."
}

variable "admin_group_object_ids" {
  type        = list(string)
  description = "Entra ID groups with cluster-admin (at least one: local accounts are disabled)."
  nullable    = false
}
