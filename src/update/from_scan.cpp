#include "versiond/update/from_scan.hpp"

#include <nlohmann/json.hpp>

#include "versiond/core/error.hpp"
#include "versiond/policy/glob.hpp"

namespace versiond::update {

namespace {

bool selected(const store::Observation& o, const std::vector<std::string>& only) {
  if (only.empty()) {
    return true;
  }
  for (const std::string& g : only) {
    if (policy::glob_match(g, o.name, true) ||
        (!o.package.empty() && policy::glob_match(g, o.package))) {
      return true;
    }
  }
  return false;
}

std::string where(const store::Observation& o) {
  return "recorded scan: " + o.name + " (" + o.file + ")";
}

}  // namespace

std::vector<UpdateRequest> auto_pr_requests(const std::vector<store::Observation>& observations,
                                            const std::vector<std::string>& only) {
  std::vector<UpdateRequest> out;
  for (const store::Observation& o : observations) {
    if (o.updates.empty() || !selected(o, only)) {
      continue;
    }
    nlohmann::json updates;
    try {
      updates = nlohmann::json::parse(o.updates);
    } catch (const nlohmann::json::exception& e) {
      throw Error(ErrorKind::input, where(o) + ": updates are not JSON: " + e.what());
    }
    if (!updates.is_array()) {
      throw Error(ErrorKind::input, where(o) + ": updates are not a JSON array");
    }
    const nlohmann::json* chosen = nullptr;
    // Non-major first, then major: the last auto-pr one is the newest.
    for (const nlohmann::json& u : updates) {
      if (!u.is_object() || !u.contains("target") || !u["target"].is_string() ||
          !u.contains("action") || !u["action"].is_string()) {
        throw Error(ErrorKind::input, where(o) + ": an update without target or action");
      }
      if (u["action"].get<std::string>() == "auto-pr") {
        chosen = &u;
      }
    }
    if (chosen == nullptr) {
      continue;
    }
    UpdateRequest r;
    r.selector = o.name;
    r.version = (*chosen)["target"].get<std::string>();
    r.file = o.file;
    if (const auto s = chosen->find("range_strategy"); s != chosen->end()) {
      r.strategy = s->is_string() ? parse_range_strategy(s->get<std::string>()) : std::nullopt;
      if (!r.strategy) {
        throw Error(ErrorKind::input, where(o) + ": unknown range_strategy " + s->dump());
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<UpdateRequest> auto_pr_requests(store::Store& store,
                                            const std::vector<std::string>& only) {
  if (!store.latest_scan()) {
    throw Error(ErrorKind::usage,
                "no recorded scan in " + store.file().string() + " (run `versiond scan` first)");
  }
  return auto_pr_requests(store.latest_observations(), only);
}

}  // namespace versiond::update
