#include "extract/chart_component.hpp"

#include "versiond/core/error.hpp"

namespace versiond::extract {

const YamlNode* optional_list(const YamlNode& map, std::string_view key, const std::string& file) {
  const YamlNode* node = map.get(key);
  if (node == nullptr || node->type == YamlNode::Type::null) return nullptr;
  if (!node->is_seq()) {
    throw input_error(file, node->line, "'" + std::string(key) + "' must be a list");
  }
  return node;
}

void append_chart_entries(const YamlNode& list, std::string_view repo_key, PinKind kind,
                          const std::string& entry, const std::string& file,
                          std::vector<Component>& out) {
  for (const YamlNode& chart : list.children) {
    if (!chart.is_map() || chart.str("name").empty()) {
      throw input_error(file, chart.line, "a " + entry + " needs a 'name'");
    }
    const YamlNode* version = chart.get("version");
    const int line = version != nullptr ? version->line : chart.line;
    out.push_back(chart_component(chart.str("name"), chart.str(repo_key), chart.str("version"),
                                  kind, {file, line}));
  }
}

bool is_templated(const std::string& value) {
  return value.find("${") != std::string::npos || value.find("{{") != std::string::npos;
}

Component chart_component(const std::string& chart, const std::string& repository,
                          const std::string& version, PinKind kind, Origin origin) {
  Component c;
  c.name = chart;
  c.package = chart;
  c.kind = kind;
  c.datasource = Datasource::helm;
  c.scheme = versioning::SchemeId::helm;
  c.registry_url = repository;
  c.current = version;
  c.origin = std::move(origin);
  if (repository.empty()) {
    c.skip_because(SkipReason::unsupported_source, "no repository");
  } else if (repository.starts_with("file://")) {
    c.skip_because(SkipReason::local_source, "local chart (file://)");
  } else if (repository.starts_with("@") || repository.starts_with("alias:")) {
    // The URL behind a Helm repository alias lives in the Helm client's
    // repositories.yaml, which is not part of the repository being read.
    c.skip_because(SkipReason::unsupported_source, "repository alias '" + repository + "'");
  } else if (!repository.starts_with("https://") && !repository.starts_with("http://") &&
             !repository.starts_with("oci://")) {
    c.skip_because(SkipReason::unsupported_source,
                   "unsupported repository URL '" + repository + "'");
  } else if (version.empty()) {
    c.skip_because(SkipReason::no_version);
  } else if (is_templated(version)) {
    c.skip_because(SkipReason::templated, "templated version");
  }
  return c;
}

}  // namespace versiond::extract
