// A Helm chart's config blob from an OCI registry: manifest, config
// descriptor, blob, digest check, version and appVersion.
#include "versiond/sources/oci_chart.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "sources/context.hpp"
#include "versiond/net/redact.hpp"
#include "versiond/net/sha256.hpp"

namespace versiond::sources {

namespace {

Failure bad(const std::string& url, const std::string& what) {
  const std::string where = net::redact(url);
  return Failure{FailureKind::bad_response, what + " from " + where, where};
}

}  // namespace

bool is_oci_chart(const LookupKey& key) {
  return key.datasource == Datasource::helm && key.registry_url.rfind("oci://", 0) == 0;
}

std::optional<OciChartRef> oci_chart_ref(const LookupKey& key) {
  if (!is_oci_chart(key)) return std::nullopt;
  std::string rest = detail::trim_slash(key.registry_url.substr(6));
  const auto slash = rest.find('/');
  OciChartRef ref;
  ref.registry = rest.substr(0, slash);
  std::transform(ref.registry.begin(), ref.registry.end(), ref.registry.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  ref.repository =
      slash == std::string::npos ? key.package : rest.substr(slash + 1) + "/" + key.package;
  if (ref.registry.empty() || key.package.empty()) return std::nullopt;
  return ref;
}

std::string oci_chart_tag(std::string_view version) {
  std::string tag(version);
  std::replace(tag.begin(), tag.end(), '+', '_');
  return tag;
}

ConfigDescriptor decode_chart_manifest(std::string_view body, const std::string& url) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded()) return {{}, bad(url, "malformed JSON manifest")};
  if (!doc.is_object()) return {{}, bad(url, "a manifest that is not a JSON object")};
  const auto config = doc.find("config");
  if (config == doc.end() || !config->is_object()) {
    return {{}, bad(url, "a manifest without a config object (field 'config')")};
  }
  const auto media = config->find("mediaType");
  if (media == config->end() || !media->is_string()) {
    return {{}, bad(url, "a config descriptor without a string 'config.mediaType'")};
  }
  if (media->get_ref<const std::string&>() != helm_config_media_type) {
    return {
        {},
        bad(url, "'config.mediaType' is '" + media->get<std::string>() +
                     "', not a Helm chart config (" + std::string(helm_config_media_type) + ")")};
  }
  const auto digest = config->find("digest");
  if (digest == config->end() || !digest->is_string()) {
    return {{}, bad(url, "a config descriptor without a string 'config.digest'")};
  }
  const std::string value = digest->get<std::string>();
  if (!value.starts_with("sha256:") || !detail::valid_oci_digest(value)) {
    return {{}, bad(url, "'config.digest' is '" + value + "', not sha256:<64 hex>")};
  }
  return {value, std::nullopt};
}

OciChartConfig decode_chart_config(std::string_view body, const std::string& digest,
                                   const std::string& url) {
  OciChartConfig out;
  out.config_digest = digest;
  const std::string actual = "sha256:" + net::sha256_hex(body);
  if (actual != digest) {
    out.failure = bad(url, "a config blob whose digest is " + actual + ", not " + digest);
    return out;
  }
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    out.failure = bad(url, "a chart config that is not a JSON object");
    return out;
  }
  const auto version = doc.find("version");
  if (version == doc.end() || !version->is_string()) {
    out.failure = bad(url, "a chart config without a string 'version'");
    return out;
  }
  out.version = version->get<std::string>();
  const auto app = doc.find("appVersion");
  if (app == doc.end() || app->is_null()) {
    const std::string where = net::redact(url);
    out.failure = Failure{FailureKind::not_found,
                          "chart " + out.version + " has no 'appVersion' in " + where, where};
    return out;
  }
  if (!app->is_string() || app->get_ref<const std::string&>().empty()) {
    out.failure = bad(
        url, "a chart config whose 'appVersion' is " + app->dump() + ", not a non-empty string");
    return out;
  }
  out.app_version = app->get<std::string>();
  return out;
}

namespace detail {

OciChartConfig oci_chart_config(Context& ctx, const LookupKey& key, const std::string& version) {
  OciChartConfig out;
  const std::string tag = oci_chart_tag(version);
  if (!valid_oci_tag(tag)) {
    out.failure = Failure{FailureKind::unsupported, "not an OCI tag: '" + tag + "'", {}};
    return out;
  }
  const std::string accept(oci_manifest_media_type);
  const auto manifest = oci_chart_get(ctx, key, "manifests/" + tag, accept.c_str(), out.failure);
  if (out.failure) return out;
  // A registry that sends no Docker-Content-Digest: the digest is the body's.
  out.manifest_digest = manifest.header("docker-content-digest");
  if (out.manifest_digest.empty()) out.manifest_digest = "sha256:" + net::sha256_hex(manifest.body);
  if (!valid_oci_digest(out.manifest_digest)) {
    out.failure = bad(manifest.url, "a malformed Docker-Content-Digest");
    return out;
  }
  const auto descriptor = decode_chart_manifest(manifest.body, manifest.url);
  if (descriptor.failure) {
    out.failure = descriptor.failure;
    return out;
  }
  const auto blob = oci_chart_get(ctx, key, "blobs/" + descriptor.digest,
                                  std::string(helm_config_media_type).c_str(), out.failure);
  if (out.failure) return out;
  auto config = decode_chart_config(blob.body, descriptor.digest, blob.url);
  config.manifest_digest = out.manifest_digest;
  return config;
}

}  // namespace detail

}  // namespace versiond::sources
