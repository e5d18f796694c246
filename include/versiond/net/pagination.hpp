// RFC 8288 Link header helpers (GitHub REST and OCI tags/list pagination).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "versiond/net/client.hpp"
#include "versiond/net/url.hpp"

namespace versiond::net {

// The URL of rel="next" in a Link header value, resolved against base_url when
// relative (OCI registries send "</v2/…?last=x&n=100>; rel=\"next\"").
std::optional<std::string> next_link(std::string_view link_header, const std::string& base_url);

// Fetches `first` and follows rel="next" up to max_pages pages. on_page is
// called for every successful page and returns false to stop early. Returns the
// last response seen (a failed one stops the walk). An Authorization header is
// not carried to a next page on another origin.
Response fetch_pages(HttpClient& client, Request first, int max_pages,
                     const std::function<bool(const Response&)>& on_page);

}  // namespace versiond::net
