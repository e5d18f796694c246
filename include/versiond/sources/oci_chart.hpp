// The Helm chart config of a chart in an OCI registry: GET the tag's manifest
// (an OCI image manifest), take its config descriptor (media type
// application/vnd.cncf.helm.config.v1+json), GET that blob, check its SHA-256
// against the descriptor's digest and read the chart's `version` and
// `appVersion` from it. An index.yaml carries appVersion for every chart
// version at once; an OCI chart carries it only in this blob, one per tag.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "versiond/core/failure.hpp"
#include "versiond/sources/source.hpp"

namespace versiond::sources {

inline constexpr std::string_view oci_manifest_media_type =
    "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view helm_config_media_type =
    "application/vnd.cncf.helm.config.v1+json";

struct OciChartConfig {
  std::string manifest_digest;  // Docker-Content-Digest of the manifest ("" when not sent)
  std::string config_digest;    // "sha256:<64 hex>" of the config blob
  std::string version;          // the chart's `version`
  std::string app_version;      // the chart's `appVersion`
  std::optional<Failure> failure;
  bool ok() const noexcept { return !failure; }
};

// Where an OCI chart lives: registry host (lower case, Docker Hub as
// "docker.io") and repository path ("charts/podinfo"). nullopt for a key
// that is not a Helm chart with an oci:// registry_url.
struct OciChartRef {
  std::string registry;
  std::string repository;
};
bool is_oci_chart(const LookupKey& key);
std::optional<OciChartRef> oci_chart_ref(const LookupKey& key);

// The OCI tag a chart version is pushed under: SemVer build metadata's '+'
// cannot be in a tag, Helm writes '_'.
std::string oci_chart_tag(std::string_view version);

// The config descriptor's digest of a Helm chart manifest (JSON `body`,
// fetched from `url`), or a bad_response Failure naming the field at fault.
struct ConfigDescriptor {
  std::string digest;
  std::optional<Failure> failure;
};
ConfigDescriptor decode_chart_manifest(std::string_view body, const std::string& url);

// The chart config blob `body` (fetched from `url`) checked against `digest`
// ("sha256:<hex>") and decoded. A digest mismatch, malformed JSON, a missing
// or non-string `version` or `appVersion`: a bad_response Failure whose
// message names the field (or digest) and whose detail is the URL.
OciChartConfig decode_chart_config(std::string_view body, const std::string& digest,
                                   const std::string& url);

}  // namespace versiond::sources
