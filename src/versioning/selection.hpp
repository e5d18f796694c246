// Picking the highest eligible candidate, shared by every scheme's latest().
#pragma once

#include <optional>
#include <string>
#include <vector>

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

}  // namespace versiond::versioning::detail
