#include "versioning/numeric_scheme.hpp"

#include "versioning/selection.hpp"
#include "versioning/text.hpp"

namespace versiond::versioning::detail {

NumericVersion NumericScheme::parse_or_throw(std::string_view text) const {
  auto v = parse(text);
  if (!v) {
    throw_invalid_version(name(), text);
  }
  return std::move(*v);
}

bool NumericScheme::parse_into(std::string_view text, NumericVersion& out) const {
  auto v = parse(text);
  if (!v) {
    return false;
  }
  out = std::move(*v);
  return true;
}

bool NumericScheme::valid(std::string_view v) const { return parse(v).has_value(); }

bool NumericScheme::stable(std::string_view v) const {
  const auto parsed = parse(v);
  return parsed && !parsed->prerelease();
}

int NumericScheme::order(const NumericVersion& a, const NumericVersion& b) const {
  return compare_numeric(a, b);
}

int NumericScheme::compare(std::string_view a, std::string_view b) const {
  return order(parse_or_throw(a), parse_or_throw(b));
}

bool NumericScheme::satisfies(std::string_view v, std::string_view c) const {
  const auto version = parse_or_throw(v);
  return compile(c)(version);
}

BumpInfo NumericScheme::bump(std::string_view from, std::string_view to) const {
  return numeric_bump(parse_or_throw(from), parse_or_throw(to));
}

std::optional<std::string> NumericScheme::latest(const std::vector<std::string>& candidates,
                                                 std::optional<std::string_view> constraint,
                                                 std::optional<std::string_view> current) const {
  const Matcher matches = constraint ? compile(*constraint) : Matcher{};
  const std::optional<NumericVersion> cur =
      current ? std::optional<NumericVersion>(parse_or_throw(*current)) : std::nullopt;
  const auto eligible = [&](const NumericVersion& v) {
    if (v.prerelease() && !(cur && cur->prerelease() && same_core(v, *cur))) {
      return false;
    }
    return !matches || matches(v);
  };
  return pick_highest(
      candidates, [this](const std::string& text) { return parse(text); }, eligible,
      [this](const NumericVersion& a, const NumericVersion& b) { return order(a, b); });
}

UpdatePicks NumericScheme::pick_updates(const std::vector<std::string_view>& candidates,
                                        std::string_view current,
                                        std::optional<std::string_view> allowed) const {
  const NumericVersion cur = parse_or_throw(current);
  std::optional<Matcher> in_range;
  if (!compile_allowed(
          allowed, [this](std::string_view c) { return compile(c); }, in_range)) {
    return {};
  }
  return pick_update_candidates(
      candidates, cur,
      [this](std::string_view text, NumericVersion& out) { return parse_into(text, out); },
      [&](const NumericVersion& v) { return !v.prerelease() && (!in_range || (*in_range)(v)); },
      [this](const NumericVersion& a, const NumericVersion& b) { return order(a, b); },
      numeric_bump);
}

}  // namespace versiond::versioning::detail
