#include <sstream>

#include "versiond/scan/render.hpp"

namespace versiond::scan {

namespace {

constexpr std::size_t k_releases_shown = 10;

std::string day(const std::string& iso) { return iso.substr(0, 10); }

nlohmann::json observation_json(const store::Observation& o) {
  return {{"current", o.current},
          {"latest_in_range", o.latest_in_range},
          {"latest_overall", o.latest_overall},
          {"bump", o.bump},
          {"breaking", o.breaking},
          {"status", o.status},
          {"reason", o.reason},
          {"eol", o.eol},
          {"decision", o.decision},
          {"upstream_flags", o.upstream_flags},
          {"updates", o.updates.empty() ? nlohmann::json::array()
                                        : nlohmann::json::parse(o.updates, nullptr, false)},
          {"first_scan", o.first_scan},
          {"last_scan", o.last_scan},
          {"first_seen_at", o.first_seen_at},
          {"last_seen_at", o.last_seen_at}};
}

}  // namespace

std::string render_history_text(const std::vector<store::ComponentHistory>& history,
                                std::chrono::system_clock::time_point /*now*/) {
  std::ostringstream out;
  if (history.empty()) {
    out << "No recorded components match.\n";
  }
  for (const auto& h : history) {
    const auto& l = h.latest;
    out << l.name << "  (" << l.file << (l.package.empty() ? "" : ", " + l.package) << ")"
        << (h.present ? "" : "  [no longer in the repository]") << "\n";
    if (h.days_behind) {
      out << "  behind for " << *h.days_behind << " days (since " << day(h.behind_since)
          << "): pinned " << l.current << ", newest " << l.latest_overall << " (" << l.bump
          << (l.breaking ? ", breaking" : "") << ")\n";
    } else if (l.status == "ok") {
      out << "  up to date: pinned " << l.current << ", newest " << l.latest_overall << "\n";
    } else {
      out << "  " << l.status << ": " << l.reason << "\n";
    }
    for (const auto& a : h.advisories) {
      const auto& e = a.exposure;
      out << "  advisory " << e.advisory_id << " (" << e.severity << "): "
          << (e.resolved_at.empty()
                  ? "exposed since " + day(e.first_seen_at)
                  : "exposed " + day(e.first_seen_at) + " .. " + day(e.resolved_at))
          << (a.days ? " (" + std::to_string(*a.days) + " days)" : std::string()) << "\n";
    }
    out << "  pinned locally and concluded:\n";
    for (const auto& c : h.changes) {
      out << "    " << day(c.first_seen_at) << " .. " << day(c.last_seen_at) << "  " << c.current;
      if (c.status == "ok") {
        out << "  in range " << (c.latest_in_range.empty() ? "-" : c.latest_in_range) << ", newest "
            << (c.latest_overall.empty() ? "-" : c.latest_overall);
      } else {
        out << "  " << c.status << ": " << c.reason;
      }
      if (!c.upstream_flags.empty()) {
        out << "  [" << c.upstream_flags << "]";
      }
      out << "\n";
    }
    // When the policy's decision changed ("1.3.1 minor: medium wait until … -> … auto-pr").
    bool decisions_heading = false;
    for (std::size_t i = 1; i < h.changes.size(); ++i) {
      const auto& before = h.changes[i - 1].decision;
      const auto& after = h.changes[i].decision;
      if (before == after || h.changes[i].status != "ok") {
        continue;
      }
      if (!decisions_heading) {
        out << "  decision changes:\n";
        decisions_heading = true;
      }
      out << "    " << (before.empty() ? "none" : before) << " \u2192 "
          << (after.empty() ? "none" : after) << " on " << day(h.changes[i].first_seen_at) << "\n";
    }
    if (!l.decision.empty()) {
      out << "  decision: " << l.decision << "\n";
    }
    if (!h.upstream.empty()) {
      out << "  seen upstream (" << h.upstream.size() << " versions";
      if (h.upstream.size() > k_releases_shown) {
        out << ", the " << k_releases_shown << " most recently seen";
      }
      out << "):\n";
      const std::size_t from =
          h.upstream.size() > k_releases_shown ? h.upstream.size() - k_releases_shown : 0;
      for (std::size_t i = from; i < h.upstream.size(); ++i) {
        const auto& r = h.upstream[i];
        out << "    " << r.version << (r.prerelease ? " (pre-release)" : "") << "  published "
            << (r.published.empty() ? "-" : day(r.published)) << ", first seen "
            << day(r.first_seen_at) << "\n";
      }
    }
  }
  return out.str();
}

nlohmann::json history_to_json(const std::vector<store::ComponentHistory>& history) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : history) {
    const auto& l = h.latest;
    nlohmann::json c = {
        {"key", l.component_key},
        {"name", l.name},
        {"kind", l.kind},
        {"file", l.file},
        {"datasource", l.datasource},
        {"package", l.package},
        {"present", h.present},
        {"behind_since", h.behind_since},
        {"days_behind", h.days_behind ? nlohmann::json(*h.days_behind) : nlohmann::json()}};
    c["changes"] = nlohmann::json::array();
    for (const auto& o : h.changes) {
      c["changes"].push_back(observation_json(o));
    }
    c["advisories"] = nlohmann::json::array();
    for (const auto& a : h.advisories) {
      c["advisories"].push_back(
          {{"id", a.exposure.advisory_id},
           {"severity", a.exposure.severity},
           {"first_seen_at", a.exposure.first_seen_at},
           {"last_seen_at", a.exposure.last_seen_at},
           {"resolved_at", a.exposure.resolved_at},
           {"exposure_days", a.days ? nlohmann::json(*a.days) : nlohmann::json()}});
    }
    c["upstream"] = nlohmann::json::array();
    for (const auto& r : h.upstream) {
      c["upstream"].push_back({{"version", r.version},
                               {"published", r.published},
                               {"prerelease", r.prerelease},
                               {"notes_url", r.notes_url},
                               {"eol", r.eol},
                               {"first_seen_at", r.first_seen_at}});
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace versiond::scan
