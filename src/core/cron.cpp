#include "versiond/core/cron.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <vector>

#include "versiond/core/error.hpp"

namespace versiond::cron {

namespace {

struct FieldSpec {
  const char* name;
  int min;
  int max;
  const char* range_text;                    // for messages: "0-59"
  const std::array<const char*, 13>* names;  // index = value; nullptr entries unused
};

constexpr std::array<const char*, 13> k_months = {nullptr, "JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                  "JUL",   "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<const char*, 13> k_weekdays = {"SUN",   "MON",   "TUE",   "WED",   "THU",
                                                    "FRI",   "SAT",   nullptr, nullptr, nullptr,
                                                    nullptr, nullptr, nullptr};

const FieldSpec k_second{"second", 0, 59, "0-59", nullptr};
const FieldSpec k_minute{"minute", 0, 59, "0-59", nullptr};
const FieldSpec k_hour{"hour", 0, 23, "0-23", nullptr};
const FieldSpec k_dom{"day-of-month", 1, 31, "1-31", nullptr};
const FieldSpec k_month{"month", 1, 12, "1-12 or JAN-DEC", &k_months};
const FieldSpec k_dow{"day-of-week", 0, 7, "0-7 or SUN-SAT", &k_weekdays};

[[noreturn]] void bad(const std::string& what, const FieldSpec& f, const std::string& message) {
  throw Error(ErrorKind::config, what + ": " + f.name + " field: " + message);
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto at = s.find(sep, start);
    out.emplace_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

int value_of(const std::string& token, const FieldSpec& f, const std::string& what) {
  if (f.names != nullptr) {
    std::string upper = token;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    for (std::size_t i = 0; i < f.names->size(); ++i) {
      if ((*f.names)[i] != nullptr && upper == (*f.names)[i]) return static_cast<int>(i);
    }
  }
  int v = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
  if (token.empty() || ec != std::errc() || end != token.data() + token.size()) {
    bad(what, f, "'" + token + "' is not a value of " + f.range_text);
  }
  if (v < f.min || v > f.max) {
    bad(what, f, "'" + token + "' is out of range " + f.range_text);
  }
  return v;
}

// Fills `bits` (indexed by value) from one field; answers whether it was `*`.
template <std::size_t N>
bool parse_field(const std::string& text, const FieldSpec& f, const std::string& what,
                 std::bitset<N>& bits) {
  if (text.empty()) bad(what, f, "is empty");
  for (const auto& part : split(text, ',')) {
    if (part.empty()) bad(what, f, "'" + text + "' has an empty list item");
    const auto slash = part.find('/');
    const std::string range = part.substr(0, slash);
    int step = 1;
    if (slash != std::string::npos) {
      const std::string step_text = part.substr(slash + 1);
      const auto [end, ec] =
          std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
      if (step_text.empty() || ec != std::errc() || end != step_text.data() + step_text.size() ||
          step < 1 || step > f.max) {
        bad(what, f, "step '" + step_text + "' is not a number from 1 to " + std::to_string(f.max));
      }
    }
    int lo = f.min;
    int hi = f.max;
    if (range != "*") {
      const auto dash = range.find('-');
      lo = value_of(range.substr(0, dash), f, what);
      hi = dash == std::string::npos ? (slash == std::string::npos ? lo : f.max)
                                     : value_of(range.substr(dash + 1), f, what);
      if (hi < lo) bad(what, f, "range '" + range + "' runs backwards");
    }
    for (int v = lo; v <= hi; v += step) bits.set(static_cast<std::size_t>(v));
  }
  return text == "*";
}

std::string expand_macro(std::string_view text) {
  if (text == "@hourly") return "0 * * * *";
  if (text == "@daily" || text == "@midnight") return "0 0 * * *";
  if (text == "@weekly") return "0 0 * * 0";
  if (text == "@monthly") return "0 0 1 * *";
  if (text == "@yearly" || text == "@annually") return "0 0 1 1 *";
  return std::string(text);
}

}  // namespace

Expression parse(std::string_view text, const std::string& what) {
  std::vector<std::string> fields;
  const std::string expanded = expand_macro(text);
  for (auto& f : split(expanded, ' ')) {
    if (!f.empty()) fields.push_back(std::move(f));
  }
  if (fields.size() != 5 && fields.size() != 6) {
    throw Error(ErrorKind::config, what + ": '" + std::string(text) +
                                       "' needs five fields (minute hour day-of-month month "
                                       "day-of-week) or six with a leading second");
  }
  Expression e;
  e.text = std::string(text);
  std::size_t i = 0;
  if (fields.size() == 6) {
    parse_field(fields[i++], k_second, what, e.seconds);
  } else {
    e.seconds.set(0);
  }
  parse_field(fields[i++], k_minute, what, e.minutes);
  parse_field(fields[i++], k_hour, what, e.hours);
  e.dom_restricted = !parse_field(fields[i++], k_dom, what, e.days_of_month);
  parse_field(fields[i++], k_month, what, e.months);
  std::bitset<8> dow;
  e.dow_restricted = !parse_field(fields[i++], k_dow, what, dow);
  for (std::size_t d = 0; d < 7; ++d) e.days_of_week[d] = dow[d];
  if (dow[7]) e.days_of_week.set(0);  // 7 is Sunday too
  return e;
}

const date::time_zone* zone(const std::string& name, const std::string& what) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    throw Error(ErrorKind::config, what + ": unknown time zone '" + name + "'");
  }
}

bool day_matches(const Expression& e, int year, unsigned month, unsigned day) {
  if (!e.months[month]) return false;
  const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
  const unsigned wd = date::weekday(date::sys_days(ymd)).c_encoding();
  const bool dom_ok = e.days_of_month[day];
  const bool dow_ok = e.days_of_week[wd];
  if (e.dom_restricted && e.dow_restricted) return dom_ok || dow_ok;
  return dom_ok && dow_ok;
}

Clock::time_point local_to_utc(const date::time_zone* tz, int year, unsigned month, unsigned day,
                               int hour, int minute, int second) {
  using namespace std::chrono;
  const date::local_seconds local =
      date::local_days{date::year{year} / date::month{month} / date::day{day}} + hours{hour} +
      minutes{minute} + seconds{second};
  const date::local_info info = tz->get_info(local);
  switch (info.result) {
    case date::local_info::nonexistent: return info.first.end;  // the jump
    case date::local_info::ambiguous:                           // the first pass
    case date::local_info::unique:
      return date::sys_seconds{local.time_since_epoch() - info.first.offset};
  }
  return date::sys_seconds{local.time_since_epoch() - info.first.offset};
}

std::optional<Clock::time_point> next_after(const Expression& e, const date::time_zone* tz,
                                            Clock::time_point after) {
  using namespace std::chrono;
  const auto after_s = floor<seconds>(after);
  const date::local_seconds start = tz->to_local(after_s) + seconds{1};
  const date::local_days first_day = floor<date::days>(start);
  for (int d = 0; d < 5 * 366 + 1; ++d) {
    const date::local_days day = first_day + date::days{d};
    const date::year_month_day ymd{day};
    const unsigned mo = static_cast<unsigned>(ymd.month());
    const unsigned dd = static_cast<unsigned>(ymd.day());
    const int y = static_cast<int>(ymd.year());
    if (!day_matches(e, y, mo, dd)) continue;
    for (int h = 0; h < 24; ++h) {
      if (!e.hours[static_cast<std::size_t>(h)]) continue;
      if (day + hours{h + 1} <= start) continue;
      for (int m = 0; m < 60; ++m) {
        if (!e.minutes[static_cast<std::size_t>(m)]) continue;
        if (day + hours{h} + minutes{m + 1} <= start) continue;
        for (int s = 0; s < 60; ++s) {
          if (!e.seconds[static_cast<std::size_t>(s)]) continue;
          if (day + hours{h} + minutes{m} + seconds{s} < start) continue;
          const auto at = local_to_utc(tz, y, mo, dd, h, m, s);
          if (at > after) return at;
        }
      }
    }
  }
  return std::nullopt;
}

std::string format_local(const date::time_zone* tz, Clock::time_point t, const char* fmt) {
  return date::format(fmt, date::make_zoned(tz, std::chrono::floor<std::chrono::seconds>(t)));
}

}  // namespace versiond::cron
