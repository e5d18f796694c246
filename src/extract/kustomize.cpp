// kustomization.yaml: image overrides (`images:`), inflated Helm charts
// (`helmCharts:`) and remote resources on GitHub (`resources:`, `components:`,
// the older `bases:`).
#include <cctype>
#include <optional>

#include "extract/chart_component.hpp"
#include "extract/image_component.hpp"
#include "extract/yaml_tree.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"

namespace versiond::extract {

namespace {

// One `images:` entry: name (what the manifests say), newName, newTag, digest.
Component image_override(const YamlNode& entry, const std::string& file) {
  const std::string name = entry.str("name");
  if (!entry.is_map() || name.empty()) {
    throw input_error(file, entry.line, "an images entry needs a 'name'");
  }
  const std::string new_name = entry.str("newName");
  const std::string tag = entry.str("newTag");
  const std::string digest = entry.str("digest");
  std::string ref = new_name.empty() ? name : new_name;
  if (!tag.empty()) ref += ":" + tag;
  if (!digest.empty()) ref += "@" + digest;
  const YamlNode* at = entry.get("newTag");
  const int line = at != nullptr ? at->line : entry.line;
  Component c = image_component(ref, PinKind::kustomize_image, file, line);
  if (is_templated(ref)) {
    c.skip_because(SkipReason::templated, "templated image");
  } else if (tag.empty() && digest.empty() && c.skip_detail == "no tag (implicit latest)") {
    // Without newTag/digest the override only renames; the tag stays the manifests'.
    c.current.clear();
    c.skip_because(SkipReason::no_version, "no newTag (the tag is the manifests')");
  }
  return c;
}

bool version_like(const std::string& ref) {
  const std::size_t d = !ref.empty() && (ref[0] == 'v' || ref[0] == 'V') ? 1 : 0;
  return d < ref.size() && std::isdigit(static_cast<unsigned char>(ref[d]));
}

// owner/repo and ref of a remote resource on GitHub, or nothing for local paths
// and other hosts:
//   github.com/org/repo//path?ref=v1.2.3, https://github.com/org/repo.git?ref=v1,
//   git@github.com:org/repo.git//path?ref=v1,
//   https://github.com/org/repo/releases/download/v1.2.3/file.yaml (a release),
//   https://raw.githubusercontent.com/org/repo/v1.2.3/path.yaml (a tag).
std::optional<Component> remote_resource(const YamlNode& entry, const std::string& file) {
  if (!entry.is_scalar()) return std::nullopt;
  std::string rest = entry.value;
  for (const char* prefix : {"git::", "ssh://", "https://", "http://", "git@"}) {
    if (rest.starts_with(prefix)) rest.erase(0, std::string_view(prefix).size());
  }
  if (rest.starts_with("github.com:") && rest.size() > 11 &&
      std::isdigit(static_cast<unsigned char>(rest[11]))) {
    // ssh://git@github.com:22/org/repo: a port, not the scp-like "github.com:org/repo".
    rest.erase(11, rest.find('/', 11) - 10);
    rest[10] = '/';
  }
  Component c;
  c.kind = PinKind::kustomize_remote;
  c.scheme = versioning::SchemeId::docker;  // tags keep their form, as GitHub Actions refs
  c.origin = {file, entry.line};
  std::string ref;
  if (rest.starts_with("raw.githubusercontent.com/")) {
    // owner/repo/ref/path...
    const auto parts = rest.substr(26);
    const auto a = parts.find('/');
    const auto b = a == std::string::npos ? a : parts.find('/', a + 1);
    const auto e = b == std::string::npos ? b : parts.find('/', b + 1);
    if (e == std::string::npos) return std::nullopt;
    c.package = parts.substr(0, b);
    ref = parts.substr(b + 1, e - b - 1);
    c.datasource = Datasource::github_tags;
  } else if (rest.starts_with("github.com/") || rest.starts_with("github.com:")) {
    std::string path = rest.substr(11);
    const auto query = path.find('?');
    const std::string params = query == std::string::npos ? "" : path.substr(query + 1);
    path = path.substr(0, query);
    const auto a = path.find('/');
    if (a == std::string::npos) return std::nullopt;
    const auto b = path.find('/', a + 1);
    c.package = path.substr(0, b);
    if (c.package.ends_with(".git")) c.package.resize(c.package.size() - 4);
    if (const auto rel = path.find("/releases/download/"); rel != std::string::npos) {
      const auto start = rel + 19;
      ref = path.substr(start, path.find('/', start) - start);
      c.datasource = Datasource::github_releases;
    } else {
      // `ref` wins over kustomize's older `version`, in whichever order they come.
      std::string version;
      for (std::size_t at = 0; at < params.size();) {
        const auto amp = std::min(params.find('&', at), params.size());
        const std::string kv = params.substr(at, amp - at);
        if (kv.starts_with("ref=")) ref = kv.substr(4);
        if (kv.starts_with("version=")) version = kv.substr(8);
        at = amp + 1;
      }
      if (ref.empty()) ref = version;
      c.datasource = Datasource::github_tags;
    }
  } else {
    return std::nullopt;  // a local path or another host
  }
  c.name = c.package;
  c.current = ref;
  if (ref.empty()) {
    c.skip_because(SkipReason::no_version, "no ref (the default branch)");
  } else if (!version_like(ref)) {
    c.skip_because(SkipReason::not_a_version, "ref is not a version ('" + ref + "')");
  }
  return c;
}

}  // namespace

std::vector<Component> extract_kustomization(std::string_view text, const std::string& file) {
  std::vector<Component> out;
  for (const YamlNode& doc : parse_yaml(text, file)) {
    if (!doc.is_map()) continue;
    if (const YamlNode* images = optional_list(doc, "images", file)) {
      for (const YamlNode& entry : images->children) out.push_back(image_override(entry, file));
    }
    for (const char* key : {"resources", "components", "bases"}) {
      if (const YamlNode* list = optional_list(doc, key, file)) {
        for (const YamlNode& entry : list->children) {
          if (auto c = remote_resource(entry, file)) out.push_back(std::move(*c));
        }
      }
    }
    if (const YamlNode* charts = optional_list(doc, "helmCharts", file)) {
      append_chart_entries(*charts, "repo", PinKind::kustomize_helm, "helmCharts entry", file, out);
    }
  }
  return out;
}

}  // namespace versiond::extract
