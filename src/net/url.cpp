#include "versiond/net/url.hpp"

#include <curl/curl.h>

#include <cctype>
#include <memory>

#include "net/url.hpp"

namespace versiond::net {

namespace detail {

std::string ascii_lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace detail

namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

// One part of a parsed URL, "" when absent.
std::string part(CURLU* u, CURLUPart which) {
  char* value = nullptr;
  if (curl_url_get(u, which, &value, 0) != CURLUE_OK || value == nullptr) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

// Schemes libcurl does not speak (oci://, git+ssh://) parse too; the host is
// then required, as in every URL versiond reads.
constexpr unsigned int parse_flags = CURLU_NON_SUPPORT_SCHEME;

}  // namespace

std::optional<Url> Url::parse(std::string_view text) {
  UrlHandle u(curl_url());
  if (!u) return std::nullopt;
  const std::string s(text);
  if (curl_url_set(u.get(), CURLUPART_URL, s.c_str(), parse_flags) != CURLUE_OK) {
    return std::nullopt;
  }
  Url out;
  out.text_ = part(u.get(), CURLUPART_URL);
  out.scheme_ = detail::ascii_lower(part(u.get(), CURLUPART_SCHEME));
  out.host_ = detail::ascii_lower(part(u.get(), CURLUPART_HOST));
  if (out.host_.size() >= 2 && out.host_.front() == '[') {
    out.host_ = out.host_.substr(1, out.host_.find(']') - 1);
  }
  out.port_ = part(u.get(), CURLUPART_PORT);
  out.path_ = part(u.get(), CURLUPART_PATH);
  if (out.path_.empty()) out.path_ = "/";
  out.query_ = part(u.get(), CURLUPART_QUERY);
  if (out.scheme_.empty() || out.host_.empty()) return std::nullopt;
  return out;
}

std::string Url::authority() const {
  std::string out = host_.find(':') != std::string::npos ? "[" + host_ + "]" : host_;
  if (!port_.empty()) out += ":" + port_;
  return out;
}

std::optional<Url> Url::resolve(std::string_view reference) const {
  UrlHandle u(curl_url());
  if (!u) return std::nullopt;
  if (curl_url_set(u.get(), CURLUPART_URL, text_.c_str(), parse_flags) != CURLUE_OK) {
    return std::nullopt;
  }
  const std::string ref(reference);
  if (curl_url_set(u.get(), CURLUPART_URL, ref.c_str(), parse_flags) != CURLUE_OK) {
    return std::nullopt;
  }
  return parse(part(u.get(), CURLUPART_URL));
}

std::string resolve_url(const std::string& base_url, const std::string& reference) {
  const auto base = Url::parse(base_url);
  if (!base) return reference;
  const auto resolved = base->resolve(reference);
  return resolved ? resolved->str() : reference;
}

std::string url_host(const std::string& url) {
  const auto u = Url::parse(url);
  return u ? u->host() : std::string();
}

std::string url_origin(const std::string& url) {
  const auto u = Url::parse(url);
  return u ? u->origin() : std::string();
}

}  // namespace versiond::net
