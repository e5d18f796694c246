terraform {
  # 1.9 is the first Terraform release whose variable validation may refer to
  # other variables (used throughout variables.tf); OpenTofu 1.9+ accepts the
  # same syntax. Tests need `mock_provider` (Terraform 1.7, OpenTofu 1.8).
  # The upper bound keeps a future 2.x language out until it has been tested.
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    # azurerm 5.x only. The module relies on the 5.0 schema:
    # `rbac_authorization_enabled` is required on azurerm_key_vault,
    # `node_provisioning_profile` is required on azurerm_kubernetes_cluster,
    # and azurerm_federated_identity_credential takes
    # `user_assigned_identity_id` (4.x `parent_id` is gone). None of the
    # attributes used here changed between 5.0.0 and 5.2.0 (the schema CI
    # validates against); 6.0 may remove or rename them, so it is excluded
    # until tested.
    # azurerm.shared_vault reads (and grants on) an existing shared vault,
    # which may be in another subscription. Callers pass it explicitly; with
    # a per-cluster vault or a vault in the spoke's subscription, pass the
    # default provider: providers = { azurerm = azurerm, azurerm.shared_vault = azurerm }.
    azurerm = {
      source                = "hashicorp/azurerm"
      version               = ">= 5.0.0, < 6.0.0"
      configuration_aliases = [azurerm.shared_vault]
    }
  }
}
