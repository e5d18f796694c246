// Image references inside YAML trees: Helm values and pod specs.
#pragma once

#include <string>
#include <vector>

#include "extract/yaml_tree.hpp"
#include "versiond/extract/component.hpp"

namespace versiond::extract {

// Every mapping named `image` with a `repository` (plus `registry`, `tag`,
// `digest`), and every `image: repo:tag` string, at any depth.
void collect_values_images(const YamlNode& node, const std::string& file, PinKind kind,
                           std::vector<Component>& out);

// `image:` of every container, initContainer and ephemeralContainer in any
// pod spec at any depth (Pod, Deployment, CronJob's jobTemplate, CRDs...).
void collect_pod_images(const YamlNode& node, const std::string& file, std::vector<Component>& out);

}  // namespace versiond::extract
