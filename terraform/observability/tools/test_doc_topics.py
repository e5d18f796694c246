"""Facts the operations documents must state (issue 16): spokes accept
Entra ID sign-in only, so every document that runs kubectl against them
points at the kubelogin set-up; and the network path to a hub outside
Azure (OKE) is a VPN or an ExpressRoute-FastConnect interconnect, or public
endpoints, never VNet peering; and the claim that a spoke is extended in the
calling root has a mechanism: terraform/README.md names the resources, and
every module output it relies on exists. Standard library only."""
import pathlib
import re
import unittest

REPO = pathlib.Path(__file__).resolve().parent.parent.parent.parent
DOCS = REPO / "docs"
TERRAFORM = REPO / "terraform"
KUBECTL_DOCS = ("OPERATIONS.md", "EVIDENCE.md")


def section(markdown, title):
    """The body of the `## title` section (up to the next `## ` heading)."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    return match.group(1) if match else ""


class DocTopics(unittest.TestCase):
    def test_cluster_access_explains_kubelogin(self):
        access = section((DOCS / "OPERATIONS.md").read_text(encoding="utf-8"), "Cluster access")
        self.assertIn("kubelogin convert-kubeconfig", access)
        self.assertIn("local accounts disabled", access)

    def test_documents_running_kubectl_link_to_cluster_access(self):
        for name in KUBECTL_DOCS:
            text = (DOCS / name).read_text(encoding="utf-8")
            with self.subTest(document=name):
                self.assertIn("kubectl ", text)
                link = "#cluster-access" if name == "OPERATIONS.md" else "OPERATIONS.md#cluster-access"
                self.assertIn(f"]({link})", text, f"{name} runs kubectl but does not link to {link}")

    def test_non_azure_hub_path_is_not_vnet_peering(self):
        path = section((DOCS / "OPERATIONS.md").read_text(encoding="utf-8"), "Hub and spoke network path")
        self.assertIn("OKE", path)
        self.assertRegex(path, r"VNet peering only\s+connects Azure VNets")
        for required in ("IPsec VPN", "ExpressRoute", "FastConnect", "Public endpoints", "Private Link"):
            self.assertIn(required, path)

    def test_extending_a_spoke_has_a_mechanism(self):
        extending = section((TERRAFORM / "README.md").read_text(encoding="utf-8"), "Extending a spoke")
        for resource in ("azurerm_kubernetes_cluster_node_pool", "azurerm_kubernetes_cluster_extension"):
            self.assertIn(resource, extending)
        outputs = set(re.findall(r'^output "([^"]+)"',
                                 (TERRAFORM / "modules" / "aks_spoke" / "outputs.tf").read_text(encoding="utf-8"),
                                 re.M))
        used = set(re.findall(r"module\.aks_spoke\.(\w+)", extending))
        # Last column of the table: the outputs (argument names in brackets).
        for line in extending.splitlines():
            if line.startswith("|") and not line.startswith("|---"):
                cell = re.sub(r"\([^)]*\)", "", line.split("|")[-2])
                used.update(re.findall(r"`(\w+)`", cell))
        self.assertTrue(used)
        for name in sorted(used):
            with self.subTest(output=name):
                self.assertIn(name, outputs, f"terraform/README.md relies on module output {name}, which does not exist")


if __name__ == "__main__":
    unittest.main()
