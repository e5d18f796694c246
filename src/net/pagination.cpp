#include "versiond/net/pagination.hpp"

#include "net/url.hpp"

namespace versiond::net {

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
    auto next =
        next_link(response.header("link"), response.url.empty() ? request.url : response.url);
    if (!next || *next == request.url) return response;
    if (url_origin(*next) != url_origin(request.url)) {
      std::erase_if(request.headers,
                    [](const auto& h) { return detail::ascii_lower(h.first) == "authorization"; });
    }
    request.url = *next;
  }
  return response;
}

}  // namespace versiond::net
