#include "versiond/store/dates.hpp"

#include <charconv>

namespace versiond::store {

namespace {

std::optional<int> number(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<std::chrono::sys_days> parse_day(std::string_view iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') {
    return std::nullopt;
  }
  const auto y = number(iso.substr(0, 4));
  const auto m = number(iso.substr(5, 2));
  const auto d = number(iso.substr(8, 2));
  if (!y || !m || !d) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{*y},
                                        std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return std::chrono::sys_days{ymd};
}

std::optional<long> days_since(std::string_view iso, std::chrono::system_clock::time_point now) {
  const auto day = parse_day(iso);
  if (!day) {
    return std::nullopt;
  }
  const auto today = std::chrono::floor<std::chrono::days>(now);
  return static_cast<long>((today - *day).count());
}

std::optional<std::chrono::system_clock::time_point> parse_instant(std::string_view iso) {
  const auto day = parse_day(iso);
  if (!day || iso.size() < 19 || iso[10] != 'T' || iso[13] != ':' || iso[16] != ':') {
    return std::nullopt;
  }
  const auto h = number(iso.substr(11, 2));
  const auto m = number(iso.substr(14, 2));
  const auto s = number(iso.substr(17, 2));
  if (!h || !m || !s) {
    return std::nullopt;
  }
  return std::chrono::system_clock::time_point(*day) + std::chrono::hours(*h) +
         std::chrono::minutes(*m) + std::chrono::seconds(*s);
}

}  // namespace versiond::store
