variable "subscription_id" {
  type        = string
  description = "Subscription the spoke is deployed into."
}

variable "api_server_authorized_ip_ranges" {
  type        = list(string)
  description = "Public egress CIDRs of the operators, CI runners and hub that talk to the API server (for example [\"198.51.100.0/24\"]). No default: a documentation range would lock everybody out, a wide one would open the API server."
  nullable    = false
}

variable "admin_group_object_ids" {
  type        = list(string)
  description = "Entra ID groups with cluster-admin (at least one: local accounts are disabled)."
  nullable    = false
}

variable "log_analytics_workspace_id" {
  type        = string
  description = "Workspace for AKS control-plane logs and Key Vault audit events (null: no diagnostics)."
  default     = null
}
