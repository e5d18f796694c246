// Container image references, split and normalised the way Docker does it
// ("nats:2.4-alpine" is docker.io/library/nats, tag 2.4-alpine).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace versiond {

struct ImageRef {
  std::string registry;    // docker.io, quay.io, registry.k8s.io, host:5000
  std::string repository;  // library/nats, prometheus/prometheus
  std::string tag;         // "" when absent
  std::string digest;      // "sha256:..." or ""

  // registry/repository, the package name used across versiond.
  std::string package() const { return registry + "/" + repository; }
};

// Parses an image reference; nullopt when it is not a valid reference
// (templated values such as "${IMAGE}" or "{{ .Values.image }}", upper case).
std::optional<ImageRef> parse_image_ref(std::string_view ref);

// The registry API base URL for a registry host (docker.io -> https://registry-1.docker.io).
std::string registry_url_for(const std::string& registry);

}  // namespace versiond
