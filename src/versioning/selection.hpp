// Picking the highest eligible candidate, shared by every scheme's latest().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/core/error.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::versioning::detail {

// parse(text) -> std::optional<V>; eligible(const V&) -> bool;
// compare(const V&, const V&) -> int. Unparseable candidates are skipped; on
// equal precedence the earlier candidate wins, so the result is deterministic.
template <class Parse, class Eligible, class Compare>
std::optional<std::string> pick_highest(const std::vector<std::string>& candidates, Parse parse,
                                        Eligible eligible, Compare compare) {
  const std::string* best_text = nullptr;
  decltype(parse(std::string{})) best;
  for (const auto& candidate : candidates) {
    auto parsed = parse(candidate);
    if (!parsed || !eligible(*parsed)) {
      continue;
    }
    if (!best || compare(*parsed, *best) > 0) {
      best = std::move(parsed);
      best_text = &candidate;
    }
  }
  if (best_text == nullptr) {
    return std::nullopt;
  }
  return *best_text;
}

// Bump by the first of n numeric segments that differs (index 0 major, 1
// minor, later patch); V::at(i) is 0 past the written segments. nullopt when
// the n segments are equal (the scheme then looks at the rest).
template <class V>
std::optional<BumpInfo> segment_bump(const V& from, const V& to, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (from.at(i) != to.at(i)) {
      if (i == 0) {
        return BumpInfo{Bump::major, true};
      }
      if (i == 1) {
        return BumpInfo{Bump::minor, from.at(0) == 0};
      }
      return BumpInfo{Bump::patch, false};
    }
  }
  return std::nullopt;
}

// For pick_updates: out = compile(*allowed) when an allowed range is given;
// false when the scheme cannot read it (then no candidate is admitted).
template <class R, class Compile>
bool compile_allowed(std::optional<std::string_view> allowed, Compile compile,
                     std::optional<R>& out) {
  if (!allowed) {
    return true;
  }
  try {
    out = compile(*allowed);
    return true;
  } catch (const Error&) {
    return false;
  }
}

// Scheme::pick_updates over parsed values: parse(std::string_view, V& out) ->
// bool (out's storage is reused from one candidate to the next); eligible(const
// V&) -> bool (form, stability, allowed range); compare(const V&, const V&) ->
// int; bump(const V& from, const V& to) -> BumpInfo.
template <class V, class Parse, class Eligible, class Compare, class Bumper>
UpdatePicks pick_update_candidates(const std::vector<std::string_view>& candidates,
                                   const V& current, Parse parse, Eligible eligible,
                                   Compare compare, Bumper bump) {
  UpdatePicks picks;
  std::optional<V> best_non_major;
  std::optional<V> best_major;
  V parsed{};
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!parse(candidates[i], parsed) || !eligible(parsed) || compare(parsed, current) <= 0) {
      continue;
    }
    const BumpInfo b = bump(current, parsed);
    if (b.type == Bump::none) {
      continue;
    }
    const bool is_major = b.type == Bump::major;
    auto& best = is_major ? best_major : best_non_major;
    if (!best || compare(parsed, *best) > 0) {
      best = parsed;
      (is_major ? picks.major : picks.non_major) = UpdatePick{i, b};
    }
  }
  return picks;
}

}  // namespace versiond::versioning::detail
