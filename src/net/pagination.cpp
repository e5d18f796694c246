#include "versiond/net/pagination.hpp"

#include <cctype>

#include "net/url.hpp"

namespace versiond::net {
namespace detail {

UrlParts split_url(const std::string& url) {
  UrlParts p;
  std::size_t sep = url.find("://");
  std::size_t auth_start = 0;
  if (sep != std::string::npos) {
    p.scheme = url.substr(0, sep);
    for (auto& c : p.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auth_start = sep + 3;
  }
  std::size_t path_start = url.find_first_of("/?#", auth_start);
  if (path_start == std::string::npos) path_start = url.size();
  p.authority = url.substr(auth_start, path_start - auth_start);
  p.rest = path_start < url.size() ? url.substr(path_start) : "/";
  if (!p.rest.empty() && p.rest.front() != '/') p.rest.insert(p.rest.begin(), '/');
  std::string host = p.authority;
  if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (!host.empty() && host.front() == '[') {
    host = host.substr(1, host.find(']') - 1);
  } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
    host = host.substr(0, colon);
  }
  for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  p.host = host;
  return p;
}

}  // namespace detail

std::string resolve_url(const std::string& base_url, const std::string& reference) {
  if (reference.find("://") != std::string::npos) return reference;
  auto base = detail::split_url(base_url);
  std::string origin = base.scheme + "://" + base.authority;
  if (reference.rfind("//", 0) == 0) return base.scheme + ":" + reference;
  if (!reference.empty() && reference.front() == '/') return origin + reference;
  std::string path = base.rest.substr(0, base.rest.find_first_of("?#"));
  if (!reference.empty() && reference.front() == '?') return origin + path + reference;
  return origin + path.substr(0, path.rfind('/') + 1) + reference;
}

std::optional<std::string> next_link(std::string_view link, const std::string& base_url) {
  std::size_t pos = 0;
  while ((pos = link.find('<', pos)) != std::string_view::npos) {
    std::size_t close = link.find('>', pos);
    if (close == std::string_view::npos) return std::nullopt;
    std::string target(link.substr(pos + 1, close - pos - 1));
    std::size_t next_entry = link.find('<', close);
    std::string_view params =
        link.substr(close + 1, next_entry == std::string_view::npos ? std::string_view::npos
                                                                     : next_entry - close - 1);
    std::size_t rel = params.find("rel=");
    if (rel != std::string_view::npos) {
      std::string_view value = params.substr(rel + 4);
      bool quoted = !value.empty() && value.front() == '"';
      if (quoted) value.remove_prefix(1);
      std::size_t end = value.find_first_of(quoted ? "\"" : ";, ");
      value = value.substr(0, end);
      // rel may list several space-separated relation types.
      std::size_t start = 0;
      while (start <= value.size()) {
        std::size_t space = value.find(' ', start);
        if (value.substr(start, space - start) == "next") return resolve_url(base_url, target);
        if (space == std::string_view::npos) break;
        start = space + 1;
      }
    }
    pos = close + 1;
  }
  return std::nullopt;
}

Response fetch_pages(HttpClient& client, Request first, int max_pages,
                     const std::function<bool(const Response&)>& on_page) {
  Request request = std::move(first);
  Response response;
  for (int page = 0; page < max_pages; ++page) {
    response = client.fetch(request);
    if (!response.ok()) return response;
    if (!on_page(response)) return response;
    auto next = next_link(response.header("link"), response.url.empty() ? request.url : response.url);
    if (!next || *next == request.url) return response;
    request.url = *next;
  }
  return response;
}

}  // namespace versiond::net
