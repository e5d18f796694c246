// RFC 8288 Link header helpers (GitHub REST and OCI tags/list pagination).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "versiond/net/client.hpp"

namespace versiond::net {

// The URL of rel="next" in a Link header value, resolved against base_url when
// relative (OCI registries send "</v2/…?last=x&n=100>; rel=\"next\"").
std::optional<std::string> next_link(std::string_view link_header, const std::string& base_url);

// Resolves a possibly relative reference ("/path", "?q", absolute) against base_url.
std::string resolve_url(const std::string& base_url, const std::string& reference);

// Fetches `first` and follows rel="next" up to max_pages pages. on_page is
// called for every successful page and returns false to stop early. Returns the
// last response seen (a failed one stops the walk).
Response fetch_pages(HttpClient& client, Request first, int max_pages,
                     const std::function<bool(const Response&)>& on_page);

}  // namespace versiond::net
