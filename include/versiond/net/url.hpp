// The one URL parser: libcurl's URL API (CURLU), so versiond reads a URL
// exactly as the HTTP client that fetches it does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace versiond::net {

class Url {
 public:
  // An absolute URL with a scheme (any scheme: https, http, oci, git+ssh …);
  // nullopt when libcurl cannot parse it.
  static std::optional<Url> parse(std::string_view text);

  const std::string& scheme() const noexcept { return scheme_; }  // lower case
  const std::string& host() const noexcept { return host_; }    // lower case, IPv6 without brackets
  const std::string& port() const noexcept { return port_; }    // "" when the URL names none
  const std::string& path() const noexcept { return path_; }    // "/" at least
  const std::string& query() const noexcept { return query_; }  // without '?', "" when none
  // host[:port] in lower case, IPv6 literals in brackets.
  std::string authority() const;
  // scheme://authority, for "same origin?" checks before sending credentials.
  std::string origin() const { return scheme_ + "://" + authority(); }
  // The URL as libcurl normalises it.
  const std::string& str() const noexcept { return text_; }
  // A reference ("/x", "?q", "x", "//host/x" or absolute) resolved against this URL.
  std::optional<Url> resolve(std::string_view reference) const;

 private:
  std::string text_;
  std::string scheme_;
  std::string host_;
  std::string port_;
  std::string path_;
  std::string query_;
};

// Shorthands over Url for callers holding strings.
// The reference resolved against base_url; the reference unchanged when either does not parse.
std::string resolve_url(const std::string& base_url, const std::string& reference);
// "https://API.example.com:8443/x" → "api.example.com"; "" when the URL does not parse.
std::string url_host(const std::string& url);
// "https://API.example.com:8443/x" → "https://api.example.com:8443"; "" when it does not parse.
std::string url_origin(const std::string& url);

}  // namespace versiond::net
