#include "config/scalars.hpp"

#include <charconv>

#include "versiond/core/error.hpp"

namespace versiond::config::detail {

int line_of(const YAML::Node& node) {
  const int line = node.Mark().line;
  return line >= 0 ? line + 1 : 0;
}

void fail(const std::string& file, const YAML::Node& node, const std::string& message) {
  throw Error(ErrorKind::config, file + ":" + std::to_string(line_of(node)) + ": " + message);
}

namespace {

std::string shown(const YAML::Node& node) {
  if (node.IsScalar()) {
    return "'" + node.Scalar() + "'";
  }
  if (node.IsSequence()) {
    return "a list";
  }
  if (node.IsMap()) {
    return "a mapping";
  }
  return "nothing";
}

}  // namespace

std::string read_string(const YAML::Node& node, const std::string& file, const std::string& path) {
  if (!node.IsScalar()) {
    fail(file, node, "'" + path + "' must be a string, got " + shown(node));
  }
  return node.Scalar();
}

int read_int(const YAML::Node& node, const std::string& file, const std::string& path, int min,
             int max) {
  if (!node.IsScalar()) {
    fail(file, node, "'" + path + "' must be an integer, got " + shown(node));
  }
  const std::string& text = node.Scalar();
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) {
    fail(file, node, "'" + path + "' must be an integer, got " + shown(node));
  }
  if (value < min || value > max) {
    fail(file, node,
         "'" + path + "' must be between " + std::to_string(min) + " and " + std::to_string(max) +
             ", got " + text);
  }
  return value;
}

bool read_bool(const YAML::Node& node, const std::string& file, const std::string& path) {
  if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false")) {
    return node.Scalar() == "true";
  }
  fail(file, node, "'" + path + "' must be true or false, got " + shown(node));
}

std::vector<std::string> read_string_list(const YAML::Node& node, const std::string& file,
                                          const std::string& path) {
  if (!node.IsSequence()) {
    fail(file, node, "'" + path + "' must be a list of strings, got " + shown(node));
  }
  std::vector<std::string> out;
  for (const auto& item : node) {
    out.push_back(read_string(item, file, path + "[]"));
  }
  return out;
}

std::string read_url(const YAML::Node& node, const std::string& file, const std::string& path) {
  std::string url = read_string(node, file, path);
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
    fail(file, node, "'" + path + "' must be an http:// or https:// URL, got '" + url + "'");
  }
  while (!url.empty() && url.back() == '/') {
    url.pop_back();
  }
  return url;
}

}  // namespace versiond::config::detail
