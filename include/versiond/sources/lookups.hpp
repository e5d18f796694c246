// Lookups: runs many LookupKeys concurrently over one HttpClient.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "versiond/net/client.hpp"
#include "versiond/sources/endpoints.hpp"
#include "versiond/sources/oci_chart.hpp"
#include "versiond/sources/source.hpp"

namespace versiond::sources {

// The manifest digest a registry serves for an image tag (`Docker-Content-Digest`
// of GET /v2/<name>/manifests/<tag>, asked for as an OCI index, a Docker
// manifest list or a single manifest): what `image:tag@digest` pins.
struct ManifestDigest {
  std::string digest;              // "sha256:<64 hex>"; "" when failure is set
  std::optional<Failure> failure;  // why the registry gave no digest
};

struct LookupOptions {
  std::size_t workers = 16;  // threads calling the blocking HttpClient
  int max_pages = 20;        // per paginated listing (GitHub 100/page, OCI 1000/page)
  bool offline = false;      // every result is LookupStatus::offline, no request is made
};

class Lookups {
 public:
  // client must outlive this object.
  Lookups(net::HttpClient& client, Endpoints endpoints, Credentials credentials,
          LookupOptions options = {});
  ~Lookups();
  Lookups(const Lookups&) = delete;
  Lookups& operator=(const Lookups&) = delete;

  // Deduplicates keys, runs them on the worker pool and returns one result per
  // input key, in input order. One Helm index download and parse per repository
  // URL per call, whatever number of charts use it. Never throws for upstream failures.
  std::vector<LookupResult> run(const std::vector<LookupKey>& keys);

  // A single lookup (no Helm index sharing across calls).
  LookupResult lookup(const LookupKey& key);

  // The manifest digest of image:tag (key: a docker key, as for lookup()),
  // with the same registry mirrors and anonymous token flow as tag listings.
  // Never throws for upstream failures.
  ManifestDigest manifest_digest(const LookupKey& key, const std::string& tag);

  // The Helm chart config (version, appVersion) of each chart version of an
  // OCI chart key (is_oci_chart), two requests each (manifest, config blob),
  // over the worker pool with the token flow of tag listings: one result per
  // version, in order. Never throws for upstream failures.
  std::vector<OciChartConfig> oci_chart_configs(const LookupKey& key,
                                                const std::vector<std::string>& versions);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace versiond::sources
