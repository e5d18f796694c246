#include "versiond/policy/render.hpp"

#include <sstream>

namespace versiond::policy {

nlohmann::json update_to_json(const Update& u) {
  nlohmann::json j = {{"target", u.target},
                      {"update", std::string(to_string(u.update))},
                      {"breaking", u.breaking},
                      {"tier", std::string(to_string(u.tier))},
                      {"action", std::string(to_string(u.action))},
                      {"group", u.group},
                      {"labels", u.labels},
                      {"rules", u.rules},
                      {"reasons", u.reasons},
                      {"published", u.published}};
  if (u.range_strategy) {
    j["range_strategy"] = std::string(to_string(*u.range_strategy));
  }
  if (u.ready_on) {
    j["ready_on"] = *u.ready_on;
  }
  if (u.blocked_by) {
    j["blocked_by"] = {{"coupling", u.blocked_by->coupling},
                       {"component", u.blocked_by->component},
                       {"current", u.blocked_by->current},
                       {"needs", u.blocked_by->needs}};
  }
  if (u.security) {
    j["security"] = true;
    j["fixes"] = u.fixes;
  }
  if (u.safe_target) j["safe_target"] = true;
  return j;
}

nlohmann::json updates_to_json(const std::vector<Update>& updates) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& u : updates) {
    out.push_back(update_to_json(u));
  }
  return out;
}

std::string decision_summary(const std::vector<Update>& updates) {
  std::string out;
  for (const auto& u : updates) {
    if (!out.empty()) {
      out += "; ";
    }
    out += u.target + " " + std::string(to_string(u.update)) + (u.security ? " security" : "") +
           ": " + std::string(to_string(u.tier)) + " " + std::string(to_string(u.action));
    if (u.ready_on) {
      out += " until " + *u.ready_on;
    }
    if (u.blocked_by) {
      out += " blocked by " + u.blocked_by->coupling;
    }
  }
  return out;
}

std::string render_explain_text(const Subject& s, const Outcome& o,
                                const std::string& policy_source) {
  std::ostringstream out;
  out << s.name << " (" << (s.package.empty() ? "-" : s.package) << ", " << s.file << ")\n"
      << "  current " << s.current << " (" << versioning::to_string(s.scheme)
      << " scheme), datasource "
      << (s.datasource == Datasource::none ? "-" : to_string(s.datasource))
      << ", end of life: " << (s.eol ? "yes" : "no") << "\n"
      << "  policy: " << policy_source << "\n";
  out << "candidates:\n";
  if (o.candidates.empty()) {
    out << "  (no release recorded)\n";
  }
  for (const auto& c : o.candidates) {
    out << "  " << c.version << ": " << c.verdict << "\n";
  }
  for (const auto& step : o.steps) {
    out << "step: " << step << "\n";
  }
  if (o.updates.empty()) {
    out << "result: no update (" << o.note << ")\n";
  }
  for (const auto& u : o.updates) {
    out << "update " << u.target << " (" << to_string(u.update) << "):\n";
    for (const auto& r : u.reasons) {
      out << "  - " << r << "\n";
    }
    out << "  rules applied: ";
    for (std::size_t i = 0; i < u.rules.size(); ++i) {
      out << (i ? ", " : "") << u.rules[i];
    }
    out << (u.rules.empty() ? "none" : "") << "\n";
    out << "  => tier " << to_string(u.tier) << ", action " << to_string(u.action);
    if (!u.group.empty()) {
      out << ", group " << u.group;
    }
    if (u.ready_on) {
      out << ", ready on " << *u.ready_on;
    }
    if (u.blocked_by) {
      out << ", blocked by " << u.blocked_by->coupling << " (" << u.blocked_by->component
          << " must move first)";
    }
    out << "\n";
  }
  return out.str();
}

nlohmann::json explain_to_json(const Subject& s, const Outcome& o,
                               const std::string& policy_source) {
  nlohmann::json j = {{"name", s.name},       {"package", s.package},
                      {"file", s.file},       {"scheme", versioning::to_string(s.scheme)},
                      {"current", s.current}, {"datasource", to_string(s.datasource)},
                      {"eol", s.eol},         {"policy", policy_source},
                      {"note", o.note},       {"steps", o.steps}};
  j["candidates"] = nlohmann::json::array();
  for (const auto& c : o.candidates) {
    j["candidates"].push_back({{"version", c.version}, {"verdict", c.verdict}});
  }
  j["updates"] = updates_to_json(o.updates);
  return j;
}

}  // namespace versiond::policy
