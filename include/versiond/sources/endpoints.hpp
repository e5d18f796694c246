// Upstream base URLs and credentials. Every base URL is overridable so that
// enterprise hosts, mirrors and the test suite's fake upstream can stand in.
#pragma once

#include <map>
#include <string>

namespace versiond::sources {

struct Endpoints {
  std::string github_api = "https://api.github.com";  // GHE: "https://ghe.example.com/api/v3"
  // Default Terraform registry host for sources without a host; a URL (with scheme)
  // so tests can use "http://127.0.0.1:PORT".
  std::string terraform_registry = "https://registry.terraform.io";
  std::string endoflife = "https://endoflife.date";
  // OSV (https://google.github.io/osv.dev/api/): querybatch and vulns/{id}.
  std::string osv = "https://api.osv.dev";
  std::string docker_hub = "https://registry-1.docker.io";
  // Docker Hub's web API: when a docker.io repository was last pushed (the
  // "stale" flag). "" turns that check off (e.g. behind a registry mirror).
  std::string docker_hub_api = "https://hub.docker.com";
  // Registry host → base URL used instead ("docker.io" → "https://mirror.example.com",
  // "ghcr.io" → "http://127.0.0.1:PORT"). Applies to OCI/Docker, Helm OCI charts and
  // Terraform hosts (key = host as written in the package).
  std::map<std::string, std::string> registry_mirrors;
  // A Terraform provider network mirror (Terraform's provider network mirror
  // protocol: <base>/<host>/<namespace>/<type>/<version>.json); "" = none.
  // When set, `versiond update` downloads provider packages for lock-file
  // hashes from it instead of the registry.
  std::string terraform_provider_mirror;
  // Helm repository URL prefix → replacement prefix (e.g. chart museum mirror).
  std::map<std::string, std::string> helm_repositories;
};

// A secret held only in memory: no stream operator, no implicit conversion.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value);
  bool empty() const noexcept { return value_.empty(); }
  // The raw value, to be put in a request header and nowhere else.
  const std::string& reveal() const noexcept { return value_; }

 private:
  std::string value_;
};

struct Credentials {
  Secret github_token;

  // Reads the GitHub token from the environment variable `env_name` (if set and
  // non-empty) or else from the file `file_path` (first line, trimmed). Both may
  // be "". A file that cannot be read throws versiond::Error(config) naming the
  // file, never the contents. Registers the token for redaction.
  static Credentials load(const std::string& env_name, const std::string& file_path);
};

}  // namespace versiond::sources
