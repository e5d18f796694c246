#include "versiond/apply/window.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "versiond/apply/pulls.hpp"
#include "versiond/core/cron.hpp"
#include "versiond/net/http.hpp"
#include "versiond/scan/markdown.hpp"

namespace versiond::apply {
namespace {

using json = nlohmann::json;
using namespace std::chrono;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool mentions(const PlanItem& i, std::initializer_list<std::string_view> words) {
  const std::string text = lower(i.name + " " + i.package);
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return text.find(w) != std::string::npos; });
}

// Components that keep data (policies/default.yaml's stateful rules).
bool stateful(const PlanItem& i) {
  return mentions(i, {"mongo", "postgres", "mysql", "mariadb", "redis", "nats", "etcd", "elastic",
                      "opensearch", "kafka", "rabbitmq", "minio", "vault", "cassandra"});
}

bool terraform_module(const PlanItem& i) {
  return i.file.rfind("terraform/", 0) == 0 || i.datasource.rfind("terraform", 0) == 0;
}

std::string shell_word(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string set_command(const std::string& name, const std::string& version) {
  return "versiond update --set " + shell_word(name + "=" + version);
}

int tier_rank(policy::Tier t) {
  return t == policy::Tier::high ? 0 : t == policy::Tier::medium ? 1 : 2;
}

std::vector<WindowNote> prechecks(const PlanItem& i) {
  std::vector<WindowNote> out;
  if (stateful(i)) {
    out.push_back({"Take a backup or volume snapshot of the data of", i.name});
  }
  if (i.blocked_by) {
    out.push_back({"Done first in this window (coupling " + i.blocked_by->coupling + "):",
                   i.blocked_by->component + " " + i.blocked_by->needs});
  }
  if (i.notes_url.empty()) {
    out.push_back({"No release notes recorded: read the upstream changelog of", i.target});
  } else {
    out.push_back({"Read the release notes", i.notes_url, true});
  }
  if (i.breaking)
    out.push_back({"Breaking update: check data migrations and removed options of", i.target});
  if (!i.eol.empty()) out.push_back({"The current cycle's end of life", i.eol});
  if (!i.upstream_flags.empty()) out.push_back({"Upstream says", i.upstream_flags});
  for (const auto& a : i.fixes) {
    out.push_back({"Security fix (" + a.severity + "): advisory", a.url.empty() ? a.id : a.url,
                   !a.url.empty()});
  }
  return out;
}

std::vector<WindowNote> verification(const PlanItem& i) {
  std::vector<WindowNote> out;
  std::string runbook = "docs/OPERATIONS.md#workloads";
  if (mentions(i, {"rocket"})) {
    runbook = "docs/OPERATIONS.md#rocketchat";
  } else if (mentions(i, {"argo"})) {
    runbook = "docs/OPERATIONS.md#argocd";
  } else if (mentions(i, {"external-secrets", "external secrets", "secrets-store", "vault"})) {
    runbook = "docs/OPERATIONS.md#secrets";
  } else if (mentions(i, {"kubernetes", "aks"})) {
    runbook = "docs/OPERATIONS.md#nodes";
  } else if (stateful(i)) {
    runbook = "docs/OPERATIONS.md#statefulsetreplicasnotready";
  }
  out.push_back({"No alert of the runbook fires for 15 minutes:", runbook});
  if (terraform_module(i)) {
    out.push_back({"Self-Healing Events dashboard green:",
                   "terraform/observability/dashboards/self-healing-events.json"});
  }
  out.push_back({"The next scan shows the new version (versiond dashboard):",
                 "deploy/monitoring/dashboards/versiond.json"});
  return out;
}

// Base order: tier, group, name, target; then an item whose blocked_by names
// another item of the window comes right after that item.
std::vector<const PlanItem*> safe_order(std::vector<const PlanItem*> items) {
  std::stable_sort(items.begin(), items.end(), [](const PlanItem* a, const PlanItem* b) {
    return std::tuple(tier_rank(a->tier), a->group, a->name, a->target) <
           std::tuple(tier_rank(b->tier), b->group, b->name, b->target);
  });
  std::vector<const PlanItem*> out;
  while (!items.empty()) {
    auto waits = [&](const PlanItem* i) {
      return i->blocked_by && std::any_of(items.begin(), items.end(), [&](const PlanItem* o) {
               return o != i && o->name == i->blocked_by->component;
             });
    };
    auto next = std::find_if_not(items.begin(), items.end(), waits);
    if (next == items.end()) next = items.begin();  // a cycle: base order
    out.push_back(*next);
    items.erase(next);
  }
  return out;
}

std::string local(const WindowChecklist& c, Clock::time_point t, const char* fmt) {
  return cron::format_local(cron::zone(c.tz), t, fmt);
}

void render_notes(std::ostringstream& out, const char* title,
                  const std::vector<WindowNote>& notes) {
  out << "  - " << title << ":\n";
  for (const auto& n : notes) {
    const auto link = n.url ? scan::md_link_target(n.value) : std::nullopt;
    out << "    - [ ] " << scan::md_text(n.text) << " " << (link ? *link : scan::md_code(n.value))
        << "\n";
  }
}

json notes_json(const std::vector<WindowNote>& notes) {
  json out = json::array();
  for (const auto& n : notes) out.push_back({{"text", n.text}, {"value", n.value}});
  return out;
}

json item_json(const PlanItem& i) {
  json j = {{"name", i.name},     {"current", i.current},
            {"target", i.target}, {"tier", std::string(policy::to_string(i.tier))},
            {"group", i.group},   {"action", std::string(policy::to_string(i.action))},
            {"file", i.file},     {"notes_url", i.notes_url}};
  if (i.ready_on) j["ready_on"] = *i.ready_on;
  if (i.blocked_by) j["after"] = i.blocked_by->component;
  return j;
}

}  // namespace

std::optional<MaintenanceWindow> checklist_window(const config::Window& window,
                                                  std::optional<sys_days> date,
                                                  Clock::time_point now) {
  if (!date) return next_window(window, now);
  if (auto w = next_window(window, Clock::time_point(*date))) return w;
  MaintenanceWindow day;
  day.start = Clock::time_point(*date);
  day.end = day.start + days(1);
  day.text = cron::format_local(cron::zone("UTC"), day.start, "%a %Y-%m-%d") +
             " 00:00–24:00 UTC (the whole day: no window configured)";
  return day;
}

WindowChecklist build_window_checklist(const Plan& plan, const MaintenanceWindow& window,
                                       const std::string& tz) {
  WindowChecklist c;
  c.window = window;
  c.tz = tz;
  c.date = cron::format_local(cron::zone(tz), window.start, "%Y-%m-%d");
  c.scan_at = plan.scan_at;
  std::map<std::string, std::string> branches;  // component name → its auto-PR branch
  for (const auto& b : plan_branches(plan))
    for (const auto& i : b.items) branches.emplace(i.name, b.branch);
  std::vector<const PlanItem*> due;
  for (const auto& i : plan.items) {
    if (i.tier == policy::Tier::blocked) continue;
    if (i.action == policy::Action::plan) {
      due.push_back(&i);
    } else if (i.action == policy::Action::wait) {
      const std::string ready = i.ready_on.value_or("");
      if (!ready.empty() && ready.substr(0, 10) <= c.date) {
        due.push_back(&i);
      } else {
        c.not_ready.push_back(i);
      }
    }
  }
  for (const PlanItem* i : safe_order(due)) {
    WindowStep s;
    s.item = *i;
    s.prechecks = prechecks(*i);
    if (auto b = branches.find(i->name); b != branches.end()) s.branch = b->second;
    s.command = set_command(i->name, i->target);
    s.verify = verification(*i);
    s.rollback_command = set_command(i->name, i->current);
    c.steps.push_back(std::move(s));
  }
  return c;
}

std::string render_window_markdown(const WindowChecklist& c) {
  std::ostringstream out;
  out << "# Upgrade window " << c.date << "\n\n";
  out << "**Window:** " << scan::md_text(c.window.text) << "\n\n";
  out << "From the scan of " << scan::md_text(c.scan_at) << ": " << c.steps.size()
      << " updates for this window, " << c.not_ready.size() << " not ready yet. "
      << "Apply them in this order; stop and roll back a step on any critical alert "
      << "(docs/OPERATIONS.md, Monthly upgrade window).\n\n";
  out << "## Steps\n\n";
  if (c.steps.empty()) out << "Nothing needs a human in this window.\n\n";
  int n = 0;
  for (const auto& s : c.steps) {
    const PlanItem& i = s.item;
    out << ++n << ". **" << scan::md_text(i.name) << "** " << scan::md_code(i.current) << " → "
        << scan::md_code(i.target) << " (" << policy::to_string(i.tier) << " risk"
        << (i.group.empty() ? std::string() : ", group " + scan::md_code(i.group)) << ")\n";
    render_notes(out, "pre-checks", s.prechecks);
    out << "  - change:\n";
    if (!s.branch.empty()) {
      out << "    - [ ] Merge the auto-PR of branch " << scan::md_code(s.branch)
          << " first (versiond's other updates of this component)\n";
    }
    out << "    - [ ] Run " << scan::md_code(s.command) << ", open its pull request, merge it\n";
    render_notes(out, "verify", s.verify);
    out << "  - rollback: revert the pull request, or run " << scan::md_code(s.rollback_command)
        << " and merge\n";
  }
  if (!c.steps.empty()) out << "\n";
  if (!c.not_ready.empty()) {
    out << "## Not ready yet\n\n";
    for (const auto& i : c.not_ready) {
      out << "- **" << scan::md_text(i.name) << "** " << scan::md_code(i.current) << " → "
          << scan::md_code(i.target) << ": ready on "
          << scan::md_text(i.ready_on.value_or("(unknown)")) << "\n";
    }
    out << "\n";
  }
  out << "## Sign-off\n\n";
  out << "- Window start: " << local(c, c.window.start, "%Y-%m-%d %H:%M") << " "
      << scan::md_text(c.tz) << "\n";
  out << "- Window end: " << local(c, c.window.end, "%Y-%m-%d %H:%M") << " " << scan::md_text(c.tz)
      << "\n";
  out << "- Change owner: ____________________  signed at: __________\n";
  out << "- Reviewer: ____________________  signed at: __________\n";
  out << "- Outcome: completed / rolled back at step ____\n";
  return out.str();
}

json window_to_json(const WindowChecklist& c) {
  json steps = json::array();
  for (const auto& s : c.steps) {
    json j = item_json(s.item);
    j["prechecks"] = notes_json(s.prechecks);
    j["branch"] = s.branch.empty() ? json(nullptr) : json(s.branch);
    j["command"] = s.command;
    j["verify"] = notes_json(s.verify);
    j["rollback"] = {{"command", s.rollback_command}, {"note", "or revert the pull request"}};
    steps.push_back(std::move(j));
  }
  json not_ready = json::array();
  for (const auto& i : c.not_ready) not_ready.push_back(item_json(i));
  return {{"window",
           {{"start", net::format_utc(c.window.start)},
            {"end", net::format_utc(c.window.end)},
            {"tz", c.tz},
            {"date", c.date},
            {"text", c.window.text}}},
          {"scan_at", c.scan_at},
          {"steps", steps},
          {"not_ready", not_ready},
          {"sign_off",
           {{"change_owner", nullptr},
            {"reviewer", nullptr},
            {"start", local(c, c.window.start, "%Y-%m-%d %H:%M")},
            {"end", local(c, c.window.end, "%Y-%m-%d %H:%M")}}}};
}

}  // namespace versiond::apply
