#include "versiond/store/history.hpp"

#include <algorithm>
#include <cctype>

#include "versiond/store/dates.hpp"

namespace versiond::store {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool matches(const Observation& o, const std::string& filter) {
  if (filter.empty()) {
    return true;
  }
  const std::string wanted = lower(filter);
  const std::string last_segment = o.package.substr(o.package.rfind('/') + 1);
  return lower(o.name) == wanted || o.package == filter || o.component_key == filter ||
         lower(last_segment) == wanted;
}

bool is_behind(const Observation& o) {
  return o.status == "ok" && !o.latest_overall.empty() && o.bump != "none";
}

}  // namespace

std::vector<ComponentHistory> build_history(Store& store, const std::string& filter,
                                            std::chrono::system_clock::time_point now) {
  const auto latest_scan = store.latest_scan();
  std::vector<ComponentHistory> out;
  const auto rows = store.observations();
  for (std::size_t i = 0; i < rows.size();) {
    std::size_t j = i;
    while (j < rows.size() && rows[j].component_key == rows[i].component_key) {
      ++j;
    }
    const Observation& newest = rows[j - 1];
    if (matches(newest, filter)) {
      ComponentHistory h;
      h.latest = newest;
      h.present = latest_scan && newest.last_scan == latest_scan->id;
      h.changes.assign(rows.begin() + static_cast<long>(i), rows.begin() + static_cast<long>(j));
      if (!newest.package_key.empty()) {
        h.upstream = store.releases(newest.package_key);
      }
      // Failed lookups say nothing about being behind: they keep the state.
      for (const auto& row : h.changes) {
        if (is_behind(row)) {
          if (h.behind_since.empty()) {
            h.behind_since =
                parse_day(row.newest_published) ? row.newest_published : row.first_seen_at;
          }
        } else if (row.status == "ok") {
          h.behind_since.clear();
        }
      }
      if (!h.behind_since.empty()) {
        h.days_behind = days_since(h.behind_since, now);
      }
      for (auto& e : exposures(store.db(), newest.component_key)) {
        std::optional<long> days = days_since(e.first_seen_at, now);
        if (!e.resolved_at.empty()) {
          const auto until = days_since(e.resolved_at, now);
          if (days && until) days = *days - *until;
        }
        h.advisories.push_back({std::move(e), days});
      }
      out.push_back(std::move(h));
    }
    i = j;
  }
  return out;
}

}  // namespace versiond::store
