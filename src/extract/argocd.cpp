#include "extract/argocd.hpp"

#include "extract/image_component.hpp"
#include "extract/yaml_images.hpp"

namespace versiond::extract {

namespace {

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool templated(const std::string& s) { return s.find("{{") != std::string::npos; }

// An OCI chart repository is written either as oci://host/path or, as ArgoCD
// accepts, as a bare host/path without any scheme.
std::string chart_registry_url(const std::string& repo_url) {
  if (starts_with(repo_url, "oci://") || starts_with(repo_url, "https://") ||
      starts_with(repo_url, "http://")) {
    return repo_url;
  }
  return "oci://" + repo_url;
}

void chart_component(const YamlNode& source, const std::string& file, ManifestResult& out) {
  const std::string chart = source.str("chart");
  Component c;
  c.name = chart;
  c.package = chart;
  c.kind = PinKind::argocd_helm;
  c.datasource = Datasource::helm;
  c.scheme = versioning::SchemeId::helm;
  c.registry_url = chart_registry_url(source.str("repoURL"));
  c.current = source.str("targetRevision");
  const YamlNode* rev = source.get("targetRevision");
  const YamlNode* chart_node = source.get("chart");
  c.origin = {file, rev != nullptr && rev->line > 0 ? rev->line : chart_node->line};
  if (c.current.empty()) {
    c.skip_because(SkipReason::no_version, "no targetRevision");
  } else if (templated(c.current) || templated(chart) || templated(c.registry_url)) {
    c.skip_because(SkipReason::templated, "templated (an ApplicationSet parameter)");
  }
  out.components.push_back(std::move(c));
}

// A source whose repoURL is an OCI artifact (ArgoCD 3.1+): the artifact's
// tag is targetRevision, looked up like an image.
void oci_component(const YamlNode& source, const std::string& file, ManifestResult& out) {
  const std::string url = source.str("repoURL");
  const std::string revision = source.str("targetRevision");
  const YamlNode* rev = source.get("targetRevision");
  const int line = rev != nullptr && rev->line > 0 ? rev->line : source.get("repoURL")->line;
  const std::string artifact = url.substr(6);
  if (templated(url) || templated(revision)) {
    Component c = image_component(artifact, PinKind::argocd_oci, file, line);
    c.current = revision;
    c.skip_because(SkipReason::templated, "templated (an ApplicationSet parameter)");
    out.components.push_back(std::move(c));
    return;
  }
  Component c = image_component(revision.empty() ? artifact : artifact + ":" + revision,
                                PinKind::argocd_oci, file, line);
  if (revision.empty()) {
    c.current.clear();
    c.skip_because(SkipReason::no_version, "no targetRevision");
  }
  out.components.push_back(std::move(c));
}

void helm_parameters(const YamlNode& source, const std::string& file, ManifestResult& out) {
  const YamlNode* helm = source.get("helm");
  if (helm == nullptr || !helm->is_map()) {
    return;
  }
  if (const YamlNode* files = helm->get("valueFiles"); files != nullptr && files->is_seq()) {
    for (const YamlNode& f : files->children) {
      // "$values/path" refers to the root of the source with `ref: values`;
      // versiond assumes that source is the repository being inventoried.
      if (f.is_scalar() && starts_with(f.value, "$")) {
        const std::size_t slash = f.value.find('/');
        if (slash != std::string::npos && slash + 1 < f.value.size()) {
          out.value_files.push_back(f.value.substr(slash + 1));
        }
      }
    }
  }
  if (const YamlNode* obj = helm->get("valuesObject"); obj != nullptr) {
    collect_values_images(*obj, file, PinKind::helm_values_image, out.components);
  }
  if (const YamlNode* values = helm->get("values"); values != nullptr) {
    if (values->is_scalar()) {
      // A block scalar's content starts on the line after `values: |`.
      for (const YamlNode& doc : parse_yaml(values->value, file, values->line)) {
        collect_values_images(doc, file, PinKind::helm_values_image, out.components);
      }
    } else {
      collect_values_images(*values, file, PinKind::helm_values_image, out.components);
    }
  }
}

void one_source(const YamlNode& source, const std::string& file, ManifestResult& out) {
  if (!source.is_map()) {
    return;
  }
  // Git sources (path) and `ref:`-only sources pin no chart version.
  if (!source.str("chart").empty()) {
    chart_component(source, file, out);
  } else if (starts_with(source.str("repoURL"), "oci://")) {
    oci_component(source, file, out);
  }
  helm_parameters(source, file, out);
}

}  // namespace

bool is_argocd_application(const YamlNode& doc) {
  const std::string kind = doc.str("kind");
  return (kind == "Application" || kind == "ApplicationSet") &&
         starts_with(doc.str("apiVersion"), "argoproj.io/");
}

void extract_argocd_application(const YamlNode& doc, const std::string& file, ManifestResult& out) {
  const YamlNode* spec = doc.get("spec");
  if (spec != nullptr && doc.str("kind") == "ApplicationSet") {
    // The generated Applications share the template's sources.
    const YamlNode* tmpl = spec->get("template");
    spec = tmpl != nullptr ? tmpl->get("spec") : nullptr;
  }
  if (spec == nullptr) {
    return;
  }
  if (const YamlNode* source = spec->get("source"); source != nullptr) {
    one_source(*source, file, out);
  }
  if (const YamlNode* sources = spec->get("sources"); sources != nullptr && sources->is_seq()) {
    for (const YamlNode& s : sources->children) {
      one_source(s, file, out);
    }
  }
}

}  // namespace versiond::extract
