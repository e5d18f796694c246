// Typed reads of YAML nodes for the configuration parser. Each throws
// Error(config) "file:line: '<path>' must be …" naming the value it refused.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace versiond::config::detail {

int line_of(const YAML::Node& node);
[[noreturn]] void fail(const std::string& file, const YAML::Node& node, const std::string& message);

std::string read_string(const YAML::Node& node, const std::string& file, const std::string& path);
int read_int(const YAML::Node& node, const std::string& file, const std::string& path, int min,
             int max);
bool read_bool(const YAML::Node& node, const std::string& file, const std::string& path);
std::vector<std::string> read_string_list(const YAML::Node& node, const std::string& file,
                                          const std::string& path);
// An http(s):// URL without a trailing slash.
std::string read_url(const YAML::Node& node, const std::string& file, const std::string& path);

}  // namespace versiond::config::detail
