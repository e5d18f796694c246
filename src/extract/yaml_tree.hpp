// A small YAML document tree built from libyaml events.
//
// Why not yaml-cpp's YAML::Load: it builds nodes recursively and overflows the
// stack on deeply nested input (a 100k-level "[[[[..." file). libyaml's parser
// is an iterative state machine, so building our own tree from its events lets
// us refuse excessive nesting with a clear "file:line" error instead.
// Aliases are expanded (and `<<` merge keys applied), but at most
// k_max_yaml_alias_nodes nodes are copied in per text: an alias bomb is a
// "file:line" error, not a hang.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace versiond::extract {

struct YamlNode {
  enum class Type { null, scalar, sequence, mapping };
  Type type = Type::null;
  std::string value;  // scalar text as written (without quotes)
  int line = 0;       // 1-based line where the node starts
  // sequence: the items; mapping: key, value, key, value, ...
  std::vector<YamlNode> children;

  bool is_map() const noexcept { return type == Type::mapping; }
  bool is_seq() const noexcept { return type == Type::sequence; }
  bool is_scalar() const noexcept { return type == Type::scalar; }
  // Value for a scalar key in a mapping, or nullptr.
  const YamlNode* get(std::string_view key) const;
  // Scalar text of get(key), or "" when absent or not a scalar.
  std::string str(std::string_view key) const;
};

inline constexpr int k_max_yaml_depth = 128;
inline constexpr std::size_t k_max_yaml_alias_nodes = 100000;

// Parses every document of a (multi-document) YAML text. Syntax errors,
// nesting deeper than max_depth and aliases expanding to more than
// max_alias_nodes nodes throw input_error(file, line, ...).
// line_offset is added to every line (for YAML embedded in another file).
std::vector<YamlNode> parse_yaml(std::string_view text, const std::string& file,
                                 int line_offset = 0, int max_depth = k_max_yaml_depth,
                                 std::size_t max_alias_nodes = k_max_yaml_alias_nodes);

}  // namespace versiond::extract
