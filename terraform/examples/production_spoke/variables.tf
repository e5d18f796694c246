variable "subscription_id" {
  type        = string
  description = "Subscription the spoke is deployed into."
}

variable "api_server_authorized_ip_ranges" {
  type        = list(string)
  description = "Egress CIDRs of the operators and CI runners that talk to the API server."
  default     = ["203.0.113.0/24"]
  nullable    = false
}

variable "admin_group_object_ids" {
  type        = list(string)
  description = "Entra ID groups with cluster-admin."
  default     = []
  nullable    = false
}

variable "log_analytics_workspace_id" {
  type        = string
  description = "Workspace for AKS control-plane logs and Key Vault audit events (null: no diagnostics)."
  default     = null
}
