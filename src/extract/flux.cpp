#include "extract/flux.hpp"

#include "extract/chart_component.hpp"
#include "extract/image_component.hpp"
#include "extract/yaml_images.hpp"

namespace versiond::extract {

namespace {

std::string namespace_of(const YamlNode& doc) {
  const YamlNode* metadata = doc.get("metadata");
  return metadata != nullptr ? metadata->str("namespace") : std::string();
}

std::string name_of(const YamlNode& doc) {
  const YamlNode* metadata = doc.get("metadata");
  return metadata != nullptr ? metadata->str("name") : std::string();
}

void helm_release(const YamlNode& spec, const YamlNode& doc, const std::string& file,
                  ManifestResult& out) {
  const YamlNode* chart = spec.get("chart");
  const YamlNode* chart_spec = chart != nullptr ? chart->get("spec") : nullptr;
  if (chart_spec == nullptr || chart_spec->str("chart").empty())
    return;  // chartRef: the source pins
  const YamlNode* ref = chart_spec->get("sourceRef");
  FluxSource source;
  source.kind = ref != nullptr ? ref->str("kind") : "";
  source.name = ref != nullptr ? ref->str("name") : "";
  source.namespace_ =
      ref != nullptr && !ref->str("namespace").empty() ? ref->str("namespace") : namespace_of(doc);
  const YamlNode* version = chart_spec->get("version");
  const int line = version != nullptr ? version->line : chart_spec->get("chart")->line;
  // The source's URL is filled in by resolve_flux_charts; "*" is Flux's default version.
  Component c;
  c.name = c.package = chart_spec->str("chart");
  c.kind = PinKind::flux_helm;
  c.datasource = Datasource::helm;
  c.scheme = versioning::SchemeId::helm;
  c.current = version != nullptr ? version->value : "*";
  c.origin = {file, line};
  if (source.kind != "HelmRepository") {
    // GitRepository/Bucket charts are files in a repository: no chart version.
    c.skip_because(SkipReason::unsupported_source,
                   "chart from a " + (source.kind.empty() ? "missing sourceRef" : source.kind));
  }
  out.flux_charts.push_back({std::move(c), std::move(source)});
  if (const YamlNode* values = spec.get("values"); values != nullptr) {
    collect_values_images(*values, file, PinKind::helm_values_image, out.components);
  }
}

void oci_repository(const YamlNode& spec, const std::string& file, ManifestResult& out) {
  std::string url = spec.str("url");
  if (!url.starts_with("oci://")) return;
  url.erase(0, 6);
  const YamlNode* ref = spec.get("ref");
  const YamlNode* tag = ref != nullptr ? ref->get("tag") : nullptr;
  const YamlNode* semver = ref != nullptr ? ref->get("semver") : nullptr;
  const std::string digest = ref != nullptr ? ref->str("digest") : "";
  if (!digest.empty()) {
    // Flux pulls by digest; a tag next to it says which release that is.
    const bool tagged = tag != nullptr && tag->is_scalar() && !tag->value.empty();
    out.components.push_back(image_component(url + (tagged ? ":" + tag->value : "") + "@" + digest,
                                             PinKind::flux_oci, file,
                                             tagged ? tag->line : ref->get("digest")->line));
  } else if (tag != nullptr && tag->is_scalar()) {
    out.components.push_back(
        image_component(url + ":" + tag->value, PinKind::flux_oci, file, tag->line));
  } else if (semver != nullptr && semver->is_scalar()) {
    Component c = image_component(url, PinKind::flux_oci, file, semver->line);
    c.current = semver->value;              // a range over the tags
    c.scheme = versioning::SchemeId::helm;  // semver ranges, as Flux evaluates them
    c.skip_because(SkipReason::none);
    out.components.push_back(std::move(c));
  }
}

}  // namespace

bool is_flux_object(const YamlNode& doc) {
  const std::string api = doc.str("apiVersion");
  return api.starts_with("helm.toolkit.fluxcd.io/") || api.starts_with("source.toolkit.fluxcd.io/");
}

void extract_flux_object(const YamlNode& doc, const std::string& file, ManifestResult& out) {
  const YamlNode* spec = doc.get("spec");
  if (spec == nullptr || !spec->is_map()) return;
  const std::string kind = doc.str("kind");
  if (kind == "HelmRelease") {
    helm_release(*spec, doc, file, out);
  } else if (kind == "HelmRepository" && !spec->str("url").empty()) {
    out.flux_sources.push_back({kind, name_of(doc), namespace_of(doc), spec->str("url")});
  } else if (kind == "OCIRepository") {
    oci_repository(*spec, file, out);
  }
}

std::vector<Component> resolve_flux_charts(const std::vector<FluxChart>& charts,
                                           const std::vector<FluxSource>& sources) {
  std::vector<Component> out;
  for (const FluxChart& chart : charts) {
    Component c = chart.component;
    if (!c.skipped()) {
      const FluxSource* found = nullptr;
      int same_name = 0;
      const FluxSource* only = nullptr;
      for (const FluxSource& s : sources) {
        if (s.kind != chart.source.kind || s.name != chart.source.name) continue;
        if (s.namespace_ == chart.source.namespace_) found = &s;
        ++same_name;
        only = &s;
      }
      if (found == nullptr && same_name == 1) found = only;
      if (found == nullptr) {
        c.skip_because(
            SkipReason::source_not_found,
            "Flux " + chart.source.kind + " '" + chart.source.name + "' not found" +
                (same_name > 1 ? " in namespace '" + chart.source.namespace_ + "'" : ""));
      } else {
        c = chart_component(c.package, found->url, c.current, c.kind, c.origin);
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace versiond::extract
