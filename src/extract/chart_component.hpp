// Builds the Component for a Helm chart named with its repository URL and
// version (Chart.yaml dependencies, Kustomize helmCharts).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/yaml_tree.hpp"
#include "versiond/extract/component.hpp"

namespace versiond::extract {

// Charts that cannot be looked up (local, aliased or templated) still yield a
// component, with skip_reason saying why.
Component chart_component(const std::string& chart, const std::string& repository,
                          const std::string& version, PinKind kind, Origin origin);

// True for values a template engine fills in later ("${x}", "{{ .Values.x }}").
bool is_templated(const std::string& value);

// The list under `key` of a mapping; nullptr when absent or null, a
// file:line error when it is something else.
const YamlNode* optional_list(const YamlNode& map, std::string_view key, const std::string& file);

// One component per entry of a list of charts ({name, <repo_key>, version}),
// e.g. Chart.yaml `dependencies` (repo_key "repository"). An entry without a
// name is a file:line error ("a <entry> needs a 'name'").
void append_chart_entries(const YamlNode& list, std::string_view repo_key, PinKind kind,
                          const std::string& entry, const std::string& file,
                          std::vector<Component>& out);

}  // namespace versiond::extract
