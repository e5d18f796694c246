// docs/versiond.schema.json and the parser must describe the same file: the
// same keys with the same types, the same ranges, and every documented example
// must parse.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "versiond/config/keys.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"

using nlohmann::json;

namespace {

json load_schema() {
  std::ifstream in(VERSIOND_CONFIG_SCHEMA);
  REQUIRE(in);
  return json::parse(in);
}

std::string join(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

// Dotted paths in the notation of accepted_keys(): "*" for free map keys, "[]" for items.
void schema_keys(const json& node, const std::string& path,
                 std::map<std::string, std::string>& out) {
  const std::string type = node.at("type").get<std::string>();
  if (!path.empty()) {
    out[path] = type;
  }
  if (type == "object") {
    if (node.contains("properties")) {
      for (const auto& [key, child] : node.at("properties").items()) {
        schema_keys(child, join(path, key), out);
      }
    }
    const auto ap = node.find("additionalProperties");
    if (ap != node.end() && ap->is_object()) {
      schema_keys(*ap, path + ".*", out);
    }
  } else if (type == "array") {
    schema_keys(node.at("items"), path + "[]", out);
  }
}

// A valid sample value for a schema node: its default, its first example, or one
// built from its parts.
json sample(const json& node) {
  if (node.contains("default") && !(node["default"].is_array() && node["default"].empty())) {
    return node["default"];
  }
  if (node.contains("examples")) {
    return node["examples"][0];
  }
  const std::string type = node.at("type").get<std::string>();
  if (type == "integer") {
    return node.value("minimum", 0);
  }
  if (type == "object") {
    json out = json::object();
    if (node.contains("properties")) {
      for (const auto& [key, child] : node.at("properties").items()) {
        out[key] = sample(child);
      }
    }
    return out;
  }
  FAIL("schema node without default or example: " << node.dump());
  return {};
}

// Replaces the value at a dotted path (object keys only) in doc.
void set_at(json& doc, const std::string& path, const json& value) {
  json* cur = &doc;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const std::string key = path.substr(start, dot - start);
    if (dot == std::string::npos) {
      (*cur)[key] = value;
      return;
    }
    cur = &(*cur)[key];
    start = dot + 1;
  }
}

const json* schema_node(const json& schema, const std::string& path) {
  const json* cur = &schema;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    cur = &(*cur).at("properties").at(path.substr(start, dot - start));
    if (dot == std::string::npos) {
      return cur;
    }
    start = dot + 1;
  }
}

bool parses(const json& doc) {
  try {
    // JSON is YAML: the parser reads the document as written.
    versiond::config::parse_config(doc.dump(2), "sample.yaml");
    return true;
  } catch (const versiond::Error&) {
    return false;
  }
}

}  // namespace

TEST_CASE("config schema: the schema and the parser accept the same keys with the same types",
          "[config][schema]") {
  std::map<std::string, std::string> documented;
  schema_keys(load_schema(), "", documented);
  const auto accepted = versiond::config::accepted_keys();
  for (const auto& [key, type] : documented) {
    INFO("documented key " << key);
    REQUIRE(accepted.count(key) == 1);
    CHECK(accepted.at(key) == type);
  }
  for (const auto& [key, type] : accepted) {
    INFO("accepted key " << key << " (" << type << ")");
    CHECK(documented.count(key) == 1);
  }
  CHECK(accepted.size() > 30);
}

TEST_CASE("config schema: a document built from every documented key parses", "[config][schema]") {
  const json schema = load_schema();
  json doc = sample(schema);
  doc["endoflife"] = schema["properties"]["endoflife"]["examples"][0];
  INFO(doc.dump(2));
  REQUIRE(parses(doc));
  const auto c = versiond::config::parse_config(doc.dump(), "sample.yaml");
  CHECK(c.endpoints.registry_mirrors.at("docker.io") == "https://mirror.example.com");
  CHECK(c.endoflife_product("kubernetes", "") == "kubernetes");
}

TEST_CASE("config schema: documented ranges and types are enforced by the parser",
          "[config][schema]") {
  const json schema = load_schema();
  const json base = sample(schema);
  std::map<std::string, std::string> documented;
  schema_keys(schema, "", documented);
  int checked = 0;
  for (const auto& [path, type] : documented) {
    if (path.find('*') != std::string::npos || path.find("[]") != std::string::npos) {
      continue;
    }
    const json& node = *schema_node(schema, path);
    INFO("key " << path);
    json wrong = base;
    if (type == "integer") {
      set_at(wrong, path, "not-a-number");
      CHECK_FALSE(parses(wrong));
      if (node.contains("maximum")) {
        set_at(wrong, path, node["maximum"].get<long>() + 1);
        CHECK_FALSE(parses(wrong));
        set_at(wrong, path, node["maximum"].get<long>());
        CHECK(parses(wrong));
      }
      if (node.contains("minimum")) {
        set_at(wrong, path, node["minimum"].get<long>() - 1);
        CHECK_FALSE(parses(wrong));
      }
    } else if (type == "string") {
      set_at(wrong, path, json{{"nested", "mapping"}});
      CHECK_FALSE(parses(wrong));
    } else if (type == "object") {
      json extra = base;
      set_at(extra, path + ".no_such_key", "x");
      const bool free_keys =
          node.contains("additionalProperties") && node["additionalProperties"].is_object();
      if (!free_keys) {
        CHECK_FALSE(parses(extra));
      }
    } else if (type == "array") {
      set_at(wrong, path, "scalar");
      CHECK_FALSE(parses(wrong));
    }
    ++checked;
  }
  CHECK(checked > 20);
}
