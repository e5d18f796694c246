#include "net/rate_limit.hpp"

#include <curl/curl.h>

#include <charconv>
#include <string>

namespace versiond::net::detail {
namespace {

std::optional<long long> parse_integer(const std::string& text) {
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// Retry-After is either delta-seconds or an HTTP date.
std::optional<Clock::time_point> retry_after(const std::string& value, Clock::time_point now) {
  if (value.empty()) return std::nullopt;
  if (auto secs = parse_integer(value)) return now + std::chrono::seconds(std::max(0LL, *secs));
  time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return Clock::from_time_t(when);
}

}  // namespace

std::optional<Clock::time_point> rate_limited_until(const Response& r, Clock::time_point now) {
  if (r.status != 403 && r.status != 429 && r.status != 503) return std::nullopt;
  if (auto t = retry_after(r.header("retry-after"), now)) return t;
  if (r.status == 503) return std::nullopt;  // plain 503: an ordinary retryable failure
  // GitHub primary limit: remaining 0, reset as epoch seconds.
  if (r.header("x-ratelimit-remaining") == "0") {
    if (auto reset = parse_integer(r.header("x-ratelimit-reset"))) {
      auto t = Clock::from_time_t(static_cast<time_t>(*reset));
      return t > now ? t : now;
    }
  }
  // GitHub secondary limit without Retry-After: the documented advice is to wait a minute.
  if (r.body.find("secondary rate limit") != std::string::npos ||
      r.body.find("abuse detection") != std::string::npos)
    return now + std::chrono::seconds(60);
  if (r.status == 429) return now + std::chrono::seconds(60);
  return std::nullopt;  // an ordinary 403 (forbidden, bad token)
}

}  // namespace versiond::net::detail
