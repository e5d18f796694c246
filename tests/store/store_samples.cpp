#include "store/store_samples.hpp"

#include <fstream>
#include <iterator>

namespace versiond::test {

store::ScanRecord sample_scan(const std::string& finished_at) {
  store::ScanRecord r;
  r.scan.started_at = finished_at;
  r.scan.finished_at = finished_at;
  r.scan.repo = "/srv/infra";
  r.scan.outcome = "completed";
  r.scan.components = 2;

  store::Observation azurerm;
  azurerm.component_key = "terraform/versions.tf|terraform-provider|hashicorp/azurerm|azurerm";
  azurerm.name = "azurerm";
  azurerm.kind = "terraform-provider";
  azurerm.file = "terraform/versions.tf";
  azurerm.current = "~> 4.78.0";
  azurerm.datasource = "terraform-provider";
  azurerm.package = "hashicorp/azurerm";
  azurerm.package_key = "terraform-provider|registry.terraform.io|hashicorp/azurerm";
  azurerm.latest_in_range = "4.78.4";
  azurerm.latest_overall = "5.2.0";
  azurerm.bump = "major";
  azurerm.breaking = true;
  azurerm.newest_published = "2026-10-01T12:00:00Z";
  azurerm.status = "ok";

  store::Observation nats;
  nats.component_key = "k8s/nats.yaml|k8s-image|docker.io/library/nats|nats";
  nats.name = "nats";
  nats.kind = "k8s-image";
  nats.file = "k8s/nats.yaml";
  nats.current = "2.10.22";
  nats.datasource = "docker";
  nats.package = "docker.io/library/nats";
  nats.package_key = "docker|docker.io|library/nats";
  nats.latest_in_range = "2.10.22";
  nats.latest_overall = "2.10.22";
  nats.status = "ok";
  r.observations = {azurerm, nats};

  r.lookups.push_back(
      {azurerm.package_key,
       {versiond::test::release("4.78.3", "2026-08-01"),
        versiond::test::release("4.78.4", "2026-09-01"),
        versiond::test::release(
            "5.2.0", "2026-10-01T12:00:00Z",
            "https://github.com/hashicorp/terraform-provider-azurerm/releases/tag/v5.2.0")}});
  r.lookups.push_back({nats.package_key, {versiond::test::release("2.10.22", "")}});
  return r;
}

store::Release release(const std::string& version, const std::string& published,
                       const std::string& notes_url) {
  store::Release r;
  r.version = version;
  r.published = published;
  r.notes_url = notes_url;
  return r;
}

std::string file_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace versiond::test
