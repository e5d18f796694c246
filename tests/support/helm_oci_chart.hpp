// A Helm chart in an OCI registry, served by a FakeUpstream: for each chart
// version, the manifest Helm pushes (config descriptor of media type
// application/vnd.cncf.helm.config.v1+json) and its config blob, built from
// the constructed fixtures tests/fixtures/upstream/oci/helm-chart-*.json
// (see SOURCES.md there) with the version and appVersion replaced.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "support/fake_upstream.hpp"
#include "support/temp_dir.hpp"
#include "versiond/net/sha256.hpp"
#include "versiond/sources/oci_chart.hpp"

namespace versiond::test {

// The chart config blob of one chart version; an empty app_version leaves
// `appVersion` out (Helm omits an empty one).
inline std::string helm_chart_config(const std::string& version, const std::string& app_version) {
  auto doc =
      nlohmann::json::parse(read_fixture("upstream/oci/helm-chart-config-ingress-nginx.json"));
  doc["version"] = version;
  if (app_version.empty()) {
    doc.erase("appVersion");
  } else {
    doc["appVersion"] = app_version;
  }
  return doc.dump();
}

// The manifest naming `config` (the blob's bytes) as its config descriptor.
inline std::string helm_chart_manifest(const std::string& version, const std::string& config) {
  auto doc =
      nlohmann::json::parse(read_fixture("upstream/oci/helm-chart-manifest-ingress-nginx.json"));
  doc["config"]["digest"] = "sha256:" + net::sha256_hex(config);
  doc["config"]["size"] = config.size();
  doc["annotations"]["org.opencontainers.image.version"] = version;
  return doc.dump();
}

struct ServedChartVersion {
  std::string manifest_path;  // "/v2/<repository>/manifests/<tag>"
  std::string blob_path;      // "/v2/<repository>/blobs/sha256:<hex>"
  std::string config;         // the blob's bytes
};

// Serves `version` of the chart at `repository` ("charts/ingress-nginx").
// `served_config` replaces the blob's bytes (a digest mismatch) when set.
inline ServedChartVersion serve_helm_chart_version(FakeUpstream& up, const std::string& repository,
                                                   const std::string& version,
                                                   const std::string& app_version,
                                                   const std::string& served_config = {}) {
  ServedChartVersion out;
  out.config = helm_chart_config(version, app_version);
  const std::string manifest = helm_chart_manifest(version, out.config);
  const std::string tag = sources::oci_chart_tag(version);
  out.manifest_path = "/v2/" + repository + "/manifests/" + tag;
  out.blob_path = "/v2/" + repository + "/blobs/sha256:" + net::sha256_hex(out.config);
  up.add(out.manifest_path,
         Reply{200,
               {{"Docker-Content-Digest", "sha256:" + net::sha256_hex(manifest)}},
               manifest,
               "application/vnd.oci.image.manifest.v1+json"});
  up.add(out.blob_path, Reply{200,
                              {},
                              served_config.empty() ? out.config : served_config,
                              "application/vnd.cncf.helm.config.v1+json"});
  return out;
}

}  // namespace versiond::test
