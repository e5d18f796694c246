#include <algorithm>
#include <set>

#include "config/scalars.hpp"
#include "config/schema_table.hpp"
#include "versiond/config/keys.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"
#include "versiond/core/files.hpp"
#include "versiond/net/url.hpp"

namespace versiond::config {

namespace {

using detail::fail;
using detail::Field;
using detail::ParseContext;
using detail::Shape;

std::string join_path(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

void walk_object(const std::vector<Field>& fields, const YAML::Node& node, Config& config,
                 ParseContext& ctx, const std::string& prefix);

void apply(const Field& field, const YAML::Node& value, Config& config, ParseContext& ctx,
           const std::string& path) {
  if (value.IsNull() && field.shape != Shape::scalar) {
    return;  // "registry_mirrors:" with nothing under it keeps the default
  }
  switch (field.shape) {
    case Shape::scalar:
    case Shape::string_list: field.set(config, value, ctx, path); return;
    case Shape::map:
      if (!value.IsMap()) {
        fail(ctx.file, value, "'" + path + "' must be a mapping");
      }
      field.set(config, value, ctx, path);
      return;
    case Shape::object: walk_object(field.children, value, config, ctx, path); return;
    case Shape::object_list: {
      if (!value.IsSequence()) {
        fail(ctx.file, value, "'" + path + "' must be a list of mappings");
      }
      std::size_t index = 0;
      for (const auto& item : value) {
        const std::string item_path = path + "[" + std::to_string(index++) + "]";
        field.begin_item(config);
        walk_object(field.children, item, config, ctx, item_path);
        if (const std::string problem = field.check_item(config); !problem.empty()) {
          fail(ctx.file, item, "'" + item_path + "' " + problem);
        }
      }
      return;
    }
  }
}

void walk_object(const std::vector<Field>& fields, const YAML::Node& node, Config& config,
                 ParseContext& ctx, const std::string& prefix) {
  if (!node.IsMap()) {
    fail(ctx.file, node,
         "'" + (prefix.empty() ? std::string("the file") : prefix) + "' must be a mapping");
  }
  std::set<std::string> seen;
  for (const auto& kv : node) {
    const std::string key = detail::read_string(kv.first, ctx.file, join_path(prefix, "<key>"));
    if (!seen.insert(key).second) {
      fail(ctx.file, kv.first, "duplicate key '" + key + "'");
    }
    const Field* field = nullptr;
    for (const auto& f : fields) {
      if (f.key == key) {
        field = &f;
      }
    }
    if (field == nullptr) {
      std::string message = "unknown key '" + key + "'";
      if (!prefix.empty()) {
        message += " in '" + prefix + "'";
      }
      if (key.find("token") != std::string::npos && key != "token_env" && key != "token_file") {
        message += " (a token is never written in the configuration: use token_env or token_file)";
      }
      fail(ctx.file, kv.first, message);
    }
    apply(*field, kv.second, config, ctx, join_path(prefix, key));
  }
}

std::string host_of(const std::string& url) { return net::url_host(url); }

// Plain http:// is refused for any host not listed in http.allow_plain_http_hosts
// (the HTTP client refuses it too; this names the line early).
void check_plain_http(const Config& config, const ParseContext& ctx) {
  const auto& allowed = config.http.allow_plain_http_hosts;
  for (const auto& seen : ctx.urls) {
    if (seen.url.rfind("http://", 0) != 0) {
      continue;
    }
    const std::string host = host_of(seen.url);
    if (std::find(allowed.begin(), allowed.end(), host) == allowed.end()) {
      throw Error(ErrorKind::config, ctx.file + ":" + std::to_string(seen.line) + ": '" +
                                         seen.path + "' uses plain http:// to '" + host +
                                         "', which is not in http.allow_plain_http_hosts");
    }
  }
}

void collect_keys(const std::vector<Field>& fields, const std::string& prefix,
                  std::map<std::string, std::string>& out) {
  for (const auto& f : fields) {
    const std::string path = join_path(prefix, f.key);
    switch (f.shape) {
      case Shape::scalar: out[path] = f.type; break;
      case Shape::string_list:
        out[path] = "array";
        out[path + "[]"] = f.type;
        break;
      case Shape::map:
        out[path] = "object";
        out[path + ".*"] = f.type;
        break;
      case Shape::object:
        out[path] = "object";
        collect_keys(f.children, path, out);
        break;
      case Shape::object_list:
        out[path] = "array";
        out[path + "[]"] = "object";
        collect_keys(f.children, path + "[]", out);
        break;
    }
  }
}

}  // namespace

Config parse_config(const std::string& text, const std::string& display_name) {
  Config config;
  config.source = display_name;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::config,
                display_name + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
  if (root.IsNull()) {
    return config;  // an empty file means every default
  }
  ParseContext ctx;
  ctx.file = display_name;
  walk_object(detail::root_fields(), root, config, ctx, "");
  check_plain_http(config, ctx);
  return config;
}

std::optional<ConfigText> read_config_text(
    const std::filesystem::path& repo, const std::optional<std::filesystem::path>& explicit_file) {
  if (explicit_file) {
    const std::string display = explicit_file->string();
    if (!std::filesystem::exists(*explicit_file)) {
      throw Error(ErrorKind::config, display + ": configuration file does not exist");
    }
    return ConfigText{*explicit_file, display,
                      read_text_file(*explicit_file, display, std::size_t{1024} * 1024)};
  }
  const auto in_repo = repo / "versiond.yaml";
  if (!std::filesystem::exists(in_repo)) {
    return std::nullopt;
  }
  return ConfigText{in_repo, "versiond.yaml",
                    read_text_file(in_repo, "versiond.yaml", std::size_t{1024} * 1024)};
}

Config load_config(const std::filesystem::path& repo,
                   const std::optional<std::filesystem::path>& explicit_file) {
  const auto source = read_config_text(repo, explicit_file);
  return source ? parse_config(source->text, source->display_name) : Config{};
}

std::map<std::string, std::string> accepted_keys() {
  std::map<std::string, std::string> out;
  collect_keys(detail::root_fields(), "", out);
  return out;
}

}  // namespace versiond::config
