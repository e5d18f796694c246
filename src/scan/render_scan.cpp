#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>

#include "scan/text_fit.hpp"
#include "versiond/extract/component_json.hpp"
#include "versiond/extract/text_table.hpp"
#include "versiond/policy/render.hpp"
#include "versiond/scan/markdown.hpp"
#include "versiond/scan/render.hpp"

namespace versiond::scan {

namespace {

std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

std::string bump_text(const ComponentResult& r) {
  if (r.status == "failed") {
    return "?";  // unknown: the lookup failed, so "none" would be a claim
  }
  if (r.status != "ok" || r.decision.bump.type == versioning::Bump::none) {
    return "-";
  }
  std::string out(versioning::to_string(r.decision.bump.type));
  return r.decision.bump.breaking ? out + " (breaking)" : out;
}

std::string age_text(const ComponentResult& r) {
  return r.release_age_days ? std::to_string(*r.release_age_days) + "d" : "-";
}

std::string eol_text(const ComponentResult& r, std::chrono::system_clock::time_point now) {
  if (!r.eol_problem.empty()) {
    return "unknown (" + r.eol_problem + ")";
  }
  if (!r.eol) {
    return "-";
  }
  const std::string version =
      r.decision.base_version.empty() ? r.component.current : r.decision.base_version;
  return r.eol->product + ": " + policy::eol_status(*r.eol, version, now);
}

// "1.3.1 minor low/auto-pr, 2.0.0 major high/plan (wait until 2026-12-14)".
std::string decision_text(const ComponentResult& r, bool with_ignored) {
  std::string out;
  for (const auto& u : r.outcome.updates) {
    if (!with_ignored && u.action == policy::Action::ignore) {
      continue;
    }
    out += (out.empty() ? "" : ", ") + u.target + " " + std::string(policy::to_string(u.update)) +
           " " + std::string(policy::to_string(u.tier)) + "/" +
           std::string(policy::to_string(u.action));
    if (u.ready_on) {
      out += " until " + *u.ready_on;
    }
    if (u.blocked_by) {
      out += " (" + u.blocked_by->component + " first)";
    }
  }
  return out.empty() ? "-" : out;
}

// The table's ACTION cell: what the policy decided for the first update
// (failed, skipped or ok when there is no update to decide).
std::string status_text(const ComponentResult& r) {
  if (r.status != "ok" || r.outcome.updates.empty()) return r.status;
  return std::string(policy::to_string(r.outcome.updates.front().action));
}

// Upgrade Plan rows: a component whose every update is ignored is left out
// (one the policy could not decide stays in).
bool planned(const ComponentResult& r) {
  if (r.outcome.updates.empty()) {
    return true;
  }
  for (const auto& u : r.outcome.updates) {
    if (u.action != policy::Action::ignore) {
      return true;
    }
  }
  return false;
}

std::string where(const Component& c) {
  return c.origin.file + ":" + std::to_string(c.origin.line);
}

bool has_update(const ComponentResult& r) {
  return r.status == "ok" && r.decision.bump.type != versioning::Bump::none;
}

std::string summary_line(const ScanReport& report) {
  std::ostringstream out;
  const auto& s = report.summary;
  out << (report.offline ? "Offline scan (from the store) of " : "Scan of ") << s.repo;
  if (!s.commit.empty()) {
    out << " at " << s.commit.substr(0, 12);
  }
  out << ": " << s.components << " components, " << report.failed() << " lookups failed";
  if (!report.offline) {
    out << ", " << s.requests << " requests (" << s.not_modified << " not modified), "
        << s.duration_ms << " ms";
  }
  return out.str();
}

// A Markdown table cell: "-" when empty, else the value made safe (markdown.hpp).
std::string cell(const std::string& s) { return s.empty() ? "-" : md_text(s); }

// Flags a person should see next to a row: upstream moved on or gave up.
std::vector<std::string> flags(const ComponentResult& r) {
  std::vector<std::string> out;
  if (r.deprecated) out.emplace_back("deprecated upstream");
  if (r.archived) out.emplace_back("repository archived");
  if (r.stale) out.emplace_back("stale: last push " + r.last_pushed.substr(0, 10));
  return out;
}

// "N components: x up to date, y updates (p patch, m minor, M major), z failed, s skipped"
std::string counts_line(const ScanReport& report) {
  int current = 0;
  int updates = 0;
  int patch = 0;
  int minor = 0;
  int major = 0;
  int failed = 0;
  int skipped = 0;
  for (const auto& r : report.components) {
    if (r.status == "failed") {
      ++failed;
    } else if (r.status == "skipped") {
      ++skipped;
    } else if (has_update(r)) {
      ++updates;
      patch += r.decision.bump.type == versioning::Bump::patch ? 1 : 0;
      minor += r.decision.bump.type == versioning::Bump::minor ? 1 : 0;
      major += r.decision.bump.type == versioning::Bump::major ? 1 : 0;
    } else {
      ++current;
    }
  }
  std::ostringstream out;
  out << report.components.size() << " components: " << current << " up to date, " << updates
      << " updates (" << patch << " patch, " << minor << " minor, " << major << " major), "
      << failed << " failed, " << skipped << " skipped, " << report.affected() << " affected";
  return out.str();
}

}  // namespace

std::string render_scan_text(const ScanReport& report) {
  // Column caps keep a row within k_text_width (100) columns; the details of a
  // row (in-range version, end of life, flags, reasons) go on wrapped lines under it.
  const std::vector<std::size_t> caps = {24, 18, 12, 12, 5, 5, 8};
  std::vector<std::vector<std::string>> rows = {
      {"FILE:LINE", "COMPONENT", "CURRENT", "NEWEST", "BUMP", "AGE", "ACTION"}};
  std::vector<std::vector<std::string>> details = {{}};
  for (const auto& r : report.components) {
    const bool affected = r.advisory.status == advisory::Status::affected;
    rows.push_back({where(r.component), (affected ? "[!] " : "") + r.component.name,
                    or_dash(r.component.current), or_dash(r.decision.latest_overall), bump_text(r),
                    age_text(r), status_text(r)});
    std::vector<std::string> d;
    if (!r.outcome.updates.empty()) d.push_back("decision: " + decision_text(r, true));
    if (!r.decision.latest_in_range.empty() &&
        r.decision.latest_in_range != r.decision.latest_overall) {
      d.push_back("in range: " + r.decision.latest_in_range);
    }
    if (r.decision.bump.breaking && has_update(r)) d.emplace_back("breaking");
    if (r.eol || !r.eol_problem.empty()) d.push_back("EOL " + eol_text(r, report.now));
    for (auto& f : flags(r)) d.push_back(std::move(f));
    if (!r.reason.empty()) d.push_back(r.reason);
    if (r.advisory.status != advisory::Status::not_affected) {
      d.push_back("advisories: " + advisory_line(r.advisory));
    }
    details.push_back(std::move(d));
  }
  for (auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) row[i] = fit(row[i], caps[i]);
  }
  const std::string table = render_text_table(rows);
  std::ostringstream out;
  for (const auto& line : wrap(summary_line(report), k_text_width, 0)) out << line << "\n";
  out << "\n";
  std::size_t row = 0;
  std::size_t begin = 0;
  while (begin < table.size()) {
    const std::size_t end = table.find('\n', begin);
    out << table.substr(begin, end - begin) << "\n";
    if (row < details.size()) {
      std::string joined;
      for (const auto& d : details[row]) joined += (joined.empty() ? "" : "; ") + d;
      for (const auto& line : wrap(joined, k_text_width, 4)) out << line << "\n";
    }
    ++row;
    begin = end + 1;
  }
  bool heading = false;
  for (const auto& r : report.components) {
    if (!r.decision.notes_url.empty() && has_update(r)) {
      if (!heading) {
        out << "\nRelease notes:\n";
        heading = true;
      }
      for (const auto& line :
           wrap(r.component.name + " " + r.decision.latest_overall + ": " + r.decision.notes_url,
                k_text_width, 2)) {
        out << line << "\n";
      }
    }
  }
  for (const auto& e : report.inventory_errors) {
    for (const auto& line : wrap("inventory error: " + e, k_text_width, 0)) out << line << "\n";
  }
  for (const auto& e : report.advisory_errors) {
    for (const auto& line : wrap(e, k_text_width, 0)) out << line << "\n";
  }
  if (report.affected() > 0) {
    for (const auto& line : wrap(std::string(advisory_attribution()), k_text_width, 0)) {
      out << line << "\n";
    }
  }
  out << "\n";
  for (const auto& line : wrap(counts_line(report), k_text_width, 0)) out << line << "\n";
  return out.str();
}

std::string render_scan_markdown(const ScanReport& report) {
  std::ostringstream out;
  out << "### Upgrade Plan\n\n" << summary_line(report) << "\n\n";
  int updates = 0;
  for (const auto& r : report.components) {
    updates += has_update(r) && planned(r) ? 1 : 0;
  }
  if (updates > 0) {
    out << "| Component | Where | Current | In range | Newest | Bump | Released | EOL | Decision "
           "|\n|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& r : report.components) {
      if (!has_update(r) || !planned(r)) {
        continue;
      }
      std::string newest = cell(r.decision.latest_overall);
      if (const auto target = md_link_target(r.decision.notes_url)) {
        newest = "[" + newest + "](" + *target + ")";
      }
      out << "| " << cell(r.component.name) << " | " << md_code(where(r.component)) << " | "
          << md_code(r.component.current) << " | " << cell(r.decision.latest_in_range) << " | "
          << newest << " | " << cell(bump_text(r)) << " | "
          << cell(r.release_age_days ? std::to_string(*r.release_age_days) + " days ago" : "")
          << " | " << cell(eol_text(r, report.now)) << " | " << cell(decision_text(r, false))
          << " |\n";
    }
  } else if (report.failed() > 0 && report.failed() == report.summary.components) {
    out << "No component could be looked up (see the failures below).\n";
  } else {
    out << "Every component that could be looked up is on its newest version.\n";
  }
  // Updates of one policy group travel together: one section per group.
  std::map<std::string, std::vector<std::string>> groups;
  for (const auto& r : report.components) {
    for (const auto& u : r.outcome.updates) {
      if (!u.group.empty() && u.action != policy::Action::ignore) {
        groups[u.group].push_back(cell(r.component.name) + " " + cell(r.component.current) +
                                  " \u2192 " + cell(u.target) + " (" +
                                  std::string(policy::to_string(u.tier)) + "/" +
                                  std::string(policy::to_string(u.action)) + ")");
      }
    }
  }
  for (const auto& [group, members] : groups) {
    out << "\n#### Group " << group << "\n\n";
    for (const auto& m : members) {
      out << "- " << m << "\n";
    }
  }
  bool heading = false;
  for (const auto& r : report.components) {
    const std::string eol = eol_text(r, report.now);
    if (!r.eol || eol.find("end of life") == std::string::npos) {
      continue;
    }
    if (!heading) {
      out << "\n#### End of life\n\n| Component | Where | Current | Status |\n|---|---|---|---|\n";
      heading = true;
    }
    out << "| " << cell(r.component.name) << " | " << md_code(where(r.component)) << " | "
        << md_code(r.component.current) << " | " << cell(eol) << " |\n";
  }
  heading = false;
  for (const auto& r : report.components) {
    const auto f = flags(r);
    if (f.empty()) {
      continue;
    }
    if (!heading) {
      out << "\n#### Upstream moved on\n\n| Component | Where | Current | What "
             "|\n|---|---|---|---|\n";
      heading = true;
    }
    std::string what;
    for (const auto& x : f) what += (what.empty() ? "" : ", ") + x;
    out << "| " << cell(r.component.name) << " | " << md_code(where(r.component)) << " | "
        << md_code(r.component.current) << " | " << cell(what) << " |\n";
  }
  heading = false;
  for (const auto& r : report.components) {
    if (r.advisory.status != advisory::Status::affected) {
      continue;
    }
    if (!heading) {
      out << "\n#### Affected by security advisories\n\n| Component | Where | Current | "
             "Advisories | Safe target |\n|---|---|---|---|---|\n";
      heading = true;
    }
    std::string ids;
    for (const auto& f : r.advisory.findings) {
      ids += (ids.empty() ? "" : ", ") +
             ("[" + f.id + "](" + f.url + ") " + std::string(advisory::to_string(f.severity)));
    }
    out << "| " << cell(r.component.name) << " | `" << cell(where(r.component)) << "` | `"
        << cell(r.component.current) << "` | " << cell(ids) << " | "
        << cell(r.advisory.safe_target ? "`" + *r.advisory.safe_target + "`" : r.advisory.note)
        << " |\n";
  }
  if (heading) out << "\n" << advisory_attribution() << "\n";
  heading = false;
  for (const auto& r : report.components) {
    if (r.status != "failed" && r.eol_problem.empty()) {
      continue;
    }
    if (!heading) {
      out << "\n#### Lookups that failed\n\n| Component | Where | Reason |\n|---|---|---|\n";
      heading = true;
    }
    out << "| " << cell(r.component.name) << " | " << md_code(where(r.component)) << " | "
        << cell(r.status == "failed" ? r.reason : r.eol_problem) << " |\n";
  }
  int current = 0;
  int skipped = 0;
  for (const auto& r : report.components) {
    current += r.status == "ok" && !has_update(r) ? 1 : 0;
    skipped += r.status == "skipped" ? 1 : 0;
  }
  out << "\n"
      << updates << " with updates, " << current << " up to date, " << skipped
      << " not looked up (no upstream or not a version), " << report.failed() << " failed, "
      << report.affected() << " affected by advisories.\n";
  return out.str();
}

nlohmann::json scan_to_json(const ScanReport& report) {
  const auto& s = report.summary;
  nlohmann::json out;
  out["scan"] = {{"id", s.id},
                 {"started_at", s.started_at},
                 {"finished_at", s.finished_at},
                 {"repo", s.repo},
                 {"commit", s.commit},
                 {"duration_ms", s.duration_ms},
                 {"outcome", s.outcome},
                 {"offline", report.offline},
                 {"components", s.components},
                 {"lookups_failed", report.failed()},
                 {"requests", report.counters.requests},
                 {"not_modified", report.counters.not_modified},
                 {"retries", report.counters.retries},
                 {"rate_limited", report.counters.rate_limited},
                 {"affected", report.affected()}};
  out["components"] = nlohmann::json::array();
  for (const auto& r : report.components) {
    nlohmann::json c = to_json(r.component);
    c["key"] = r.component_key;
    c["status"] = r.status;
    c["reason"] = r.reason;
    c["latest_in_range"] = r.decision.latest_in_range;
    c["latest_overall"] = r.decision.latest_overall;
    c["bump"] = r.status == "failed" ? nlohmann::json()  // unknown, not "none"
                                     : nlohmann::json(versioning::to_string(r.decision.bump.type));
    c["breaking"] = r.decision.bump.breaking;
    c["newest_published"] = r.decision.newest_published;
    c["release_age_days"] =
        r.release_age_days ? nlohmann::json(*r.release_age_days) : nlohmann::json();
    c["notes_url"] = r.decision.notes_url;
    c["from_store"] = r.from_store;
    c["deprecated"] = r.deprecated;
    c["archived"] = r.archived;
    c["stale"] = r.stale;
    if (!r.last_pushed.empty()) c["last_pushed"] = r.last_pushed;
    if (r.failure) {
      c["failure"] = {{"kind", std::string(to_string(r.failure->kind))},
                      {"message", r.failure->message},
                      {"detail", r.failure->detail}};
    }
    c["updates"] = policy::updates_to_json(r.outcome.updates);
    if (r.eol) {
      const std::string version =
          r.decision.base_version.empty() ? r.component.current : r.decision.base_version;
      c["eol"] = {{"product", r.eol->product},
                  {"cycle", r.eol->cycle},
                  {"eol", r.eol->eol},
                  {"status", policy::eol_status(*r.eol, version, report.now)}};
    }
    if (!r.eol_problem.empty()) {
      c["eol_problem"] = r.eol_problem;
    }
    c["advisory_status"] = std::string(advisory::to_string(r.advisory.status));
    c["advisories"] = advisories_to_json(r.advisory);
    c["safe_target"] =
        r.advisory.safe_target ? nlohmann::json(*r.advisory.safe_target) : nlohmann::json();
    if (!r.advisory.note.empty()) c["advisory_note"] = r.advisory.note;
    if (!r.advisory.notes.empty()) c["advisory_notes"] = r.advisory.notes;
    out["components"].push_back(std::move(c));
  }
  // Per-file diagnostics (as inventory and check), then advisory record diagnostics.
  out["errors"] = report.inventory_errors;
  for (const auto& e : report.advisory_errors) out["errors"].push_back(e);
  const auto& a = report.advisory_requests;
  out["scan"]["advisory_requests"] = {{"querybatch", a.querybatch},
                                      {"records", a.records},
                                      {"records_from_store", a.records_from_store},
                                      {"github", a.github},
                                      {"chart_configs", a.chart_configs},
                                      {"chart_configs_from_store", a.chart_configs_from_store}};
  out["inventory_errors"] = report.inventory_errors;
  return out;
}

}  // namespace versiond::scan
