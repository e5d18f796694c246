# Optional diagnostics to Log Analytics: AKS control-plane logs and the Key
# Vault audit trail (who read which secret).

resource "azurerm_monitor_diagnostic_setting" "aks" {
  count = local.diagnostics ? 1 : 0

  name                           = "diag-${local.cluster_name}"
  target_resource_id             = azurerm_kubernetes_cluster.this.id
  log_analytics_workspace_id     = var.log_analytics_workspace_id
  log_analytics_destination_type = "Dedicated"

  dynamic "enabled_log" {
    for_each = toset(var.aks_diagnostic_log_categories)
    content {
      category = enabled_log.value
    }
  }

  enabled_metric {
    category = "AllMetrics"
  }
}

resource "azurerm_monitor_diagnostic_setting" "key_vault" {
  count = local.diagnostics && local.per_cluster_vault ? 1 : 0

  name                       = "diag-${local.key_vault_name}"
  target_resource_id         = azurerm_key_vault.this[0].id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "audit"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
