#include "versiond/drift/drift.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "versiond/core/error.hpp"
#include "versiond/drift/match.hpp"
#include "versiond/extract/inventory.hpp"

namespace fs = std::filesystem;

namespace versiond::drift {

namespace {

bool is_row(const Component& c) { return c.kind == PinKind::versions_table; }

// Code pins the check reports as untracked. Lock entries restate what
// required_providers pins, so they are matched but never reported on their own.
bool reportable_pin(const Component& c) {
  return !is_row(c) && c.kind != PinKind::terraform_lock && !c.package.empty() &&
         !c.current.empty();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

std::string pin_key(const Component& c) { return lower(c.package.empty() ? c.name : c.package); }

bool under(const std::string& file, const std::string& location) {
  return file == location ||
         (file.size() > location.size() && file.compare(0, location.size(), location) == 0 &&
          file[location.size()] == '/');
}

// Values the table cannot compare with a pin (prose, "no version").
bool comparable(const Component& row) {
  return row.skip == SkipReason::none || row.skip == SkipReason::latest ||
         row.skip == SkipReason::digest || row.skip == SkipReason::floating_tag;
}

struct Resolved {
  std::string relative;  // "" when not usable
  std::string problem;   // why not
};

// Location paths are taken relative to the repository root, then to the
// table's own folder. RepoRoot::resolve refuses anything outside the root,
// so "../../etc/passwd" is never opened or even stat'ed.
Resolved resolve_location(const RepoRoot& root, const std::string& table_file,
                          const std::string& location) {
  std::vector<std::string> tries = {location};
  const std::size_t slash = table_file.rfind('/');
  if (slash != std::string::npos) {
    tries.push_back(table_file.substr(0, slash + 1) + location);
  }
  bool outside = false;
  for (const std::string& t : tries) {
    const auto path = root.resolve(t);
    if (!path) {
      outside = true;
      continue;
    }
    std::error_code ec;
    if (fs::exists(*path, ec)) {
      return {root.relative(*path), ""};
    }
  }
  if (outside) {
    return {"", "location '" + location + "' is outside the repository; it was not read"};
  }
  return {"", "location '" + location + "' does not exist"};
}

// Whether `text` mentions `version` as a whole word ("v1.12.6" or "1.12.6",
// not "11.12.6" or "1.12.60").
bool mentions(const std::string& text, std::string version) {
  if (version.size() > 1 && (version[0] == 'v' || version[0] == 'V') &&
      std::isdigit(static_cast<unsigned char>(version[1]))) {
    version.erase(0, 1);
  }
  if (version.empty()) {
    return false;
  }
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.'; };
  for (std::size_t at = text.find(version); at != std::string::npos;
       at = text.find(version, at + 1)) {
    std::size_t before = at;
    if (before > 0 && (text[before - 1] == 'v' || text[before - 1] == 'V')) {
      --before;
    }
    const std::size_t after = at + version.size();
    const bool clean_before = before == 0 || !word(text[before - 1]);
    const bool clean_after =
        after >= text.size() || !word(text[after]) ||
        (text[after] == '.' &&
         (after + 1 >= text.size() || !std::isdigit(static_cast<unsigned char>(text[after + 1]))));
    if (clean_before && clean_after) {
      return true;
    }
  }
  return false;
}

// For a location no extractor reads (tools.env, a Markdown page), the row
// holds when the file mentions its value. Returns the problem, or "".
std::string check_unextracted(const RepoRoot& root, const std::string& location,
                              const Component& row) {
  const auto path = root.resolve(location);
  std::error_code ec;
  if (!path || !fs::is_regular_file(*path, ec)) {
    return "'" + location + "' does not pin " + row.name;
  }
  try {
    const std::string text = read_text_file(*path, location);
    return mentions(text, row.current) ? "" : "'" + location + "' does not mention " + row.current;
  } catch (const Error& e) {
    return e.what();
  }
}

struct Pair {
  std::size_t row;  // index into rows
  std::string pin;  // pin key within the location
  double score;
};

}  // namespace

DriftReport check_drift(const std::vector<Component>& inventory, const RepoRoot& root) {
  DriftReport report;
  std::vector<const Component*> rows;
  std::vector<const Component*> pins;
  for (const Component& c : inventory) {
    (is_row(c) ? rows : pins).push_back(&c);
  }
  report.has_tables = !rows.empty();

  // Location (repository-relative) -> the rows that name it.
  std::map<std::string, std::vector<std::size_t>> rows_by_location;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Component& row = *rows[i];
    if (row.locations.empty()) {
      continue;
    }
    ++report.rows_checked;
    for (const std::string& loc : row.locations) {
      const Resolved r = resolve_location(root, row.origin.file, loc);
      if (r.relative.empty()) {
        report.findings.push_back(Finding{"location-missing", row.name, row.current, "",
                                          row.origin.file, row.origin.line, r.problem, row.origin});
        continue;
      }
      auto& list = rows_by_location[r.relative];
      if (std::find(list.begin(), list.end(), i) == list.end()) {
        list.push_back(i);
      }
    }
  }

  std::set<const Component*> matched;
  std::map<std::string, std::set<std::string>> tracked_versions;  // pin key -> table values

  for (const auto& [location, row_ids] : rows_by_location) {
    // The pins of this location, grouped by package (one image in two containers is one pin).
    std::map<std::string, std::vector<const Component*>> groups;
    for (const Component* p : pins) {
      if (under(p->origin.file, location)) {
        groups[pin_key(*p)].push_back(p);
      }
    }
    // Greedy one-to-one assignment, best score first, so that "NATS Server"
    // takes the nats image and leaves nats-box to the "NATS Box" row.
    std::vector<Pair> pairs;
    for (std::size_t r : row_ids) {
      const Tokens rt = row_tokens(*rows[r]);
      for (const auto& [key, group] : groups) {
        const Component& p = *group.front();
        const double identity = identity_score(*rows[r], p);
        const double s = pin_score(rt, p);
        const double total = identity + s + kind_affinity(*rows[r], p);
        if ((s > 0.0 || identity > 0.0) && total > 0.0) {
          // Identity first, then words and kind; the file the row names
          // directly (not a folder above it) only breaks ties.
          const double by_file = p.origin.file == location ? 0.01 : 0.0;
          pairs.push_back(Pair{r, key, total + by_file});
        }
      }
    }
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const Pair& a, const Pair& b) { return a.score > b.score; });
    std::map<std::size_t, std::string> assigned;
    std::set<std::string> taken;
    for (const Pair& p : pairs) {
      if (assigned.count(p.row) == 0 && taken.count(p.pin) == 0) {
        assigned[p.row] = p.pin;
        taken.insert(p.pin);
      }
    }

    for (std::size_t r : row_ids) {
      const Component& row = *rows[r];
      const auto a = assigned.find(r);
      if (a == assigned.end()) {
        const std::string file_name = fs::path(location).filename().string();
        std::string problem = "'" + location + "' does not pin " + row.name;
        if (groups.empty() && comparable(row) && !extract::is_inventoried_file(file_name)) {
          problem = check_unextracted(root, location, row);
        }
        if (!problem.empty()) {
          report.findings.push_back(Finding{"component-missing", row.name, row.current, "",
                                            row.origin.file, row.origin.line, problem, row.origin});
        }
        continue;
      }
      const auto& group = groups[a->second];
      // Every pin the row covers must say what the row says: one stale file
      // among several locations is drift too.
      const Component* differs = nullptr;
      for (const Component* p : group) {
        matched.insert(p);
        tracked_versions[pin_key(*p)].insert(p->current);
        if (differs == nullptr && comparable(row) && !same_version(row.current, *p)) differs = p;
      }
      if (differs != nullptr) {
        const Component& p = *differs;
        report.findings.push_back(Finding{
            "version-mismatch", row.name, row.current, p.current, p.origin.file, p.origin.line,
            row.origin.file + ":" + std::to_string(row.origin.line) + " says " + row.current +
                " but " + p.origin.file + ":" + std::to_string(p.origin.line) + " pins " +
                p.current,
            row.origin});
      }
    }
  }

  // Rows without a location ("ArgoCD managed") still track the pins they fully name.
  std::vector<Tokens> unlocated;
  for (const Component* row : rows) {
    if (row->locations.empty()) {
      unlocated.push_back(row_tokens(*row));
    }
  }
  const auto tracked_without_location = [&](const Component& p) {
    const Tokens ct = component_tokens(p);
    const Tokens nt = component_name_tokens(p);
    return std::any_of(unlocated.begin(), unlocated.end(),
                       [&](const Tokens& rt) { return covers(rt, ct) || covers(rt, nt); });
  };

  if (report.has_tables) {
    for (const Component* p : pins) {
      if (!reportable_pin(*p) || matched.count(p) != 0 || tracked_without_location(*p)) {
        continue;
      }
      // The same package at a version a row already accounts for is tracked.
      const auto t = tracked_versions.find(pin_key(*p));
      if (t != tracked_versions.end() && t->second.count(p->current) != 0) {
        continue;
      }
      report.findings.push_back(
          Finding{"untracked", p->package, "", p->current, p->origin.file, p->origin.line,
                  p->package + " " + p->current + " is pinned here but no version table tracks it",
                  Origin{}});
    }
  }

  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const Finding& a, const Finding& b) {
                     return a.file != b.file ? a.file < b.file : a.line < b.line;
                   });
  return report;
}

nlohmann::json to_json(const Finding& f) {
  nlohmann::json j = {{"kind", f.kind},      {"name", f.name}, {"expected", f.expected},
                      {"found", f.found},    {"file", f.file}, {"line", f.line},
                      {"message", f.message}};
  if (!f.row.file.empty()) {
    j["row"] = {{"file", f.row.file}, {"line", f.row.line}};
  }
  return j;
}

}  // namespace versiond::drift
