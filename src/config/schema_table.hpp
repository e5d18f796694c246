// The table that drives the configuration parser: one Field per accepted key.
// The same table answers accepted_keys(), so the parser and the key list
// cannot disagree; the schema test holds docs/versiond.schema.json to it.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "versiond/config/config.hpp"

namespace versiond::config::detail {

// What parsing one file needs besides the node: where it is, for messages.
struct ParseContext {
  std::string file;
  struct UrlSeen {
    std::string path;
    std::string url;
    int line = 0;
  };
  std::vector<UrlSeen> urls;  // every endpoint URL read, for the plain-http check
};

enum class Shape {
  scalar,       // string / integer / boolean leaf
  string_list,  // sequence of strings
  map,          // mapping with free-form keys and scalar values of `item_type`
  object,       // mapping with the keys in `children`
  object_list,  // sequence of mappings with the keys in `children`
};

struct Field {
  std::string key;
  Shape shape = Shape::scalar;
  std::string type;  // JSON type of a scalar leaf, or of a map's/list's items
  std::function<void(Config&, const YAML::Node&, ParseContext&, const std::string& path)> set;
  std::vector<Field> children;
  std::function<void(Config&)> begin_item;  // object_list: append the item children fill
  // object_list: checks a finished item (required keys); returns "" or a message.
  std::function<std::string(const Config&)> check_item;
};

// The root fields of versiond.yaml.
const std::vector<Field>& root_fields();

}  // namespace versiond::config::detail
