#include "versiond/extract/image_ref.hpp"

#include <cctype>

namespace versiond {

namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// A path component: lower-case alphanumerics separated by '.', '_', '__' or '-'.
bool valid_path(std::string_view path) {
  if (path.empty()) {
    return false;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::string_view comp = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (comp.empty() || !is_lower_alnum(comp.front()) || !is_lower_alnum(comp.back())) {
      return false;
    }
    for (char c : comp) {
      if (!is_lower_alnum(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  return true;
}

bool valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 128) {
    return false;
  }
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (!word(tag.front())) {
    return false;
  }
  for (char c : tag) {
    if (!word(c) && c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

bool valid_digest(std::string_view digest) {
  const std::size_t colon = digest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= digest.size()) {
    return false;
  }
  for (char c : digest.substr(colon + 1)) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

bool valid_host(std::string_view host) {
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':') {
      return false;
    }
  }
  return !host.empty();
}

}  // namespace

std::optional<ImageRef> parse_image_ref(std::string_view ref) {
  ImageRef out;
  std::string_view rest = ref;
  if (const std::size_t at = rest.find('@'); at != std::string_view::npos) {
    out.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
    if (!valid_digest(out.digest)) {
      return std::nullopt;
    }
  }
  const std::size_t last_slash = rest.rfind('/');
  const std::size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    out.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    if (!valid_tag(out.tag)) {
      return std::nullopt;
    }
  }
  // The first component is a registry host when it looks like one (Docker's rule).
  const std::size_t first_slash = rest.find('/');
  std::string_view path = rest;
  out.registry = "docker.io";
  if (first_slash != std::string_view::npos) {
    const std::string_view first = rest.substr(0, first_slash);
    if (first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos ||
        first == "localhost") {
      if (!valid_host(first)) {
        return std::nullopt;
      }
      out.registry = std::string(first);
      path = rest.substr(first_slash + 1);
    }
  }
  if (out.registry == "index.docker.io" || out.registry == "registry-1.docker.io") {
    out.registry = "docker.io";
  }
  if (!valid_path(path)) {
    return std::nullopt;
  }
  out.repository = std::string(path);
  if (out.registry == "docker.io" && out.repository.find('/') == std::string::npos) {
    out.repository = "library/" + out.repository;
  }
  return out;
}

std::string registry_url_for(const std::string& registry) {
  if (registry == "docker.io") {
    return "https://registry-1.docker.io";
  }
  return "https://" + registry;
}

}  // namespace versiond
